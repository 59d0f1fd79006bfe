using System.Globalization;
using System.Text;
using System.Text.Json;
using Canvass.Domain.Rcv;
using Canvass.Formats.Common;

namespace Canvass.Formats.Rctab;

/// <summary>Writes RCTab's detailed report (JSON, <c>jsonFormatVersion</c> 1, and the detailed CSV) for one pass.</summary>
public static class RctabDetailedReport
{
    /// <summary>The generator named in the reports.</summary>
    public const string GeneratedBy = "Canvass";

    /// <summary>Writes the detailed-report JSON: keys sorted, numbers as strings.</summary>
    /// <param name="output">Receives UTF-8 JSON.</param>
    /// <param name="config">The contest config (labels and rules).</param>
    /// <param name="pass">The pass to report.</param>
    /// <param name="slice">A precinct or batch of the pass to report instead of the whole contest.</param>
    public static void WriteJson(Stream output, RctabConfig config, RcvPass pass, RcvSlice? slice = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(pass);
        var rounds = slice?.Rounds ?? pass.Rounds;
        using var w = new Utf8JsonWriter(output, JsonFiles.Writer(indented: true));
        var o = config.OutputSettings;
        w.WriteStartObject();
        w.WriteStartObject("config");
        if (slice is { Kind: RcvSliceKind.Batch })
        {
            w.WriteString("batch", slice.Id);
        }

        w.WriteString("contest", o.ContestName);
        w.WriteString("date", o.ContestDate);
        w.WriteString("generatedBy", GeneratedBy);
        w.WriteString("jurisdiction", o.ContestJurisdiction);
        w.WriteString("office", o.ContestOffice);
        if (slice is { Kind: RcvSliceKind.Precinct })
        {
            w.WriteString("precinct", slice.Id);
        }

        w.WriteEndObject();
        w.WriteString("jsonFormatVersion", "1");
        w.WriteStartArray("results");
        var last = rounds.Length - 1;
        for (var i = 0; i <= last; i++)
        {
            var r = rounds[i];
            w.WriteStartObject();
            w.WriteStartObject("inactiveBallots");
            w.WriteString("exhaustedChoices", Num(r.Inactive.ExhaustedChoices));
            if (i == last && config.Rules.IsStv)
            {
                w.WriteString("finalRoundSurplus", Num(r.Inactive.FinalRoundSurplus));
            }

            w.WriteString("overvotes", Num(r.Inactive.Overvotes));
            w.WriteString("repeatedRankings", Num(r.Inactive.RepeatedRankings));
            w.WriteString("skippedRankings", Num(r.Inactive.SkippedRankings));
            w.WriteEndObject();
            w.WriteNumber("round", r.Number);
            w.WriteStartObject("tally");
            foreach (var kv in r.Tally.OrderBy(t => t.Key, StringComparer.Ordinal))
            {
                w.WriteString(kv.Key, Num(kv.Value));
            }

            w.WriteEndObject();
            w.WriteStartArray("tallyResults");
            foreach (var d in r.Decisions)
            {
                w.WriteStartObject();
                w.WriteString(d.Elected ? "elected" : "eliminated", d.Candidate);
                w.WriteStartObject("transfers");
                foreach (var t in d.Transfers.OrderBy(t => t.To, StringComparer.Ordinal))
                {
                    w.WriteString(t.To, Num(t.Amount));
                }

                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteString("threshold", Num(r.Threshold));
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartObject("summary");
        w.WriteString("finalThreshold", Num(pass.FinalThreshold));
        w.WriteNumber("numCandidates", pass.NumberOfCandidates);
        w.WriteNumber("numWinners", config.Rules.WinnerMode == RcvWinnerMode.MultiPassIrv ? 1 : config.Rules.NumberOfWinners);
        w.WriteString("totalNumBallots", Num(slice?.TotalBallots ?? pass.TotalBallots));
        w.WriteNumber("undervotes", slice?.Undervotes ?? pass.Undervotes);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>Writes the detailed CSV (RCTab's layout, including the "Inactive Ballots by" rows).</summary>
    /// <param name="output">Receives the CSV.</param>
    /// <param name="config">The contest config (labels and rules).</param>
    /// <param name="pass">The pass to report.</param>
    /// <param name="slice">A precinct or batch of the pass to report instead of the whole contest.</param>
    public static void WriteCsv(TextWriter output, RctabConfig config, RcvPass pass, RcvSlice? slice = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(pass);
        var o = config.OutputSettings;
        var rules = config.Rules;
        var multi = rules.NumberOfWinners != 1;
        var percentage = rules.WinnerMode == RcvWinnerMode.BottomsUpUsingPercentageThreshold;
        var toElect = percentage
            ? $"All candidates over the {(rules.MultiSeatBottomsUpPercentageThreshold ?? 0m).ToString(CultureInfo.InvariantCulture)}% threshold"
            : (rules.WinnerMode == RcvWinnerMode.MultiPassIrv ? 1 : rules.NumberOfWinners).ToString(CultureInfo.InvariantCulture);
        var lines = new List<string>
        {
            "Contest Information",
            "Generated By," + Cell(GeneratedBy),
            "CSV Format Version,1",
            "Type of Election," + (multi ? "Multi-Winner" : "Single-Winner"),
            "Contest," + Cell(o.ContestName),
            "Jurisdiction," + Cell(o.ContestJurisdiction),
            "Office," + Cell(o.ContestOffice),
            "Date," + Cell(o.ContestDate),
            "Winner(s)," + Cell(string.Join(", ", pass.Winners)),
            slice is null ? "Final Threshold," + Num(pass.FinalThreshold) : (slice.Kind == RcvSliceKind.Precinct ? "Precinct," : "Batch,") + Cell(slice.Id),
            "",
            "Contest Summary",
            "Number to be Elected," + Cell(toElect),
            "Number of Candidates," + pass.NumberOfContinuingCandidates.ToString(CultureInfo.InvariantCulture),
            "Total Number of Ballots," + Num(slice?.TotalBallots ?? pass.TotalBallots),
            "Number of Undervotes (No Rankings)," + (slice?.Undervotes ?? pass.Undervotes).ToString(CultureInfo.InvariantCulture),
            "",
        };
        var rounds = slice?.Rounds ?? pass.Rounds;
        var dagger = slice is null ? "" : "\u2020";
        var header = new StringBuilder("Rounds");
        var eliminated = new StringBuilder("Eliminated" + dagger);
        var elected = new StringBuilder("Elected" + dagger);
        foreach (var r in rounds)
        {
            var n = r.Number.ToString(CultureInfo.InvariantCulture);
            header.Append(",Round ").Append(n).Append(" Votes,% of vote,transfer");
            eliminated.Append(',').Append(Cell(string.Join("; ", r.Decisions.Where(d => !d.Elected).Select(d => d.Candidate + (d.ByTiebreak ? "*" : ""))))).Append(",,");
            elected.Append(',').Append(Cell(string.Join("; ", r.Decisions.Where(d => d.Elected).Select(d => d.Candidate + (d.ByTiebreak ? "*" : ""))))).Append(",,");
        }

        lines.Add(header.ToString());
        lines.Add(eliminated.ToString());
        lines.Add(elected.ToString());
        var candidates = rounds.IsEmpty ? [] : rounds[0].Tally
            .OrderBy(t => t.Key == RankedCvr.UndeclaredWriteIn ? 1 : 0)
            .ThenByDescending(t => t.Value)
            .Select(t => t.Key)
            .ToList();
        var firstActive = rounds.IsEmpty ? 0m : rounds[0].ActiveBallots;
        foreach (var c in candidates)
        {
            var row = new StringBuilder(Cell(c));
            for (var i = 0; i < rounds.Length; i++)
            {
                var votes = rounds[i].VotesOf(c) ?? 0m;
                var next = i + 1 < rounds.Length ? rounds[i + 1].VotesOf(c) ?? 0m : votes;
                var divisor = (rules.NumberOfWinners == 1 || percentage) && !rules.DoesFirstRoundDetermineThreshold ? rounds[i].ActiveBallots : firstActive;
                row.Append(',').Append(Num(votes)).Append(',').Append(Percent(votes, divisor)).Append(',').Append(i + 1 < rounds.Length ? Num(next - votes) : "0");
            }

            lines.Add(row.ToString());
        }

        lines.Add(TotalsRow("Active Ballots", rounds, r => r.ActiveBallots, transfer: false));
        if (slice is null)
        {
            lines.Add(TotalsRow("Current Round Threshold", rounds, r => r.Threshold, transfer: false));
        }

        lines.Add(TotalsRow("Inactive Ballots by Overvotes", rounds, r => r.Inactive.Overvotes, transfer: true));
        lines.Add(TotalsRow("Inactive Ballots by Skipped Rankings", rounds, r => r.Inactive.SkippedRankings, transfer: true));
        lines.Add(TotalsRow("Inactive Ballots by Exhausted Choices", rounds, r => r.Inactive.ExhaustedChoices, transfer: true));
        lines.Add(TotalsRow("Inactive Ballots by Repeated Rankings", rounds, r => r.Inactive.RepeatedRankings, transfer: true));
        lines.Add(TotalsRow("Inactive Ballots Total", rounds, r => r.Inactive.Total, transfer: true));
        if (rounds.Any(r => r.ResidualSurplus > 0))
        {
            lines.Add(TotalsRow("Residual surplus", rounds, r => r.ResidualSurplus, transfer: false));
        }

        if (rules.IsStv)
        {
            var row = new StringBuilder("Final Round Surplus");
            for (var i = 0; i < rounds.Length; i++)
            {
                row.Append(',').Append(i == rounds.Length - 1 && rounds[i].Inactive.FinalRoundSurplus > 0 ? Num(rounds[i].Inactive.FinalRoundSurplus) : "").Append(",,");
            }

            lines.Add(row.ToString());
        }

        var tie = rounds.Any(r => r.Decisions.Any(d => d.ByTiebreak));
        if (slice is not null || tie)
        {
            lines.Add("");
        }

        if (slice is not null)
        {
            var level = slice.Kind == RcvSliceKind.Precinct ? "precinct" : "batch";
            lines.Add($"\u2020Elect/Eliminate decisions are from the full contest. All other results on this report are at the {level} level.");
        }

        if (tie)
        {
            lines.Add("*Tie resolved in accordance with election law");
        }

        foreach (var line in lines)
        {
            output.Write(line);
            output.Write('\n');
        }
    }

    /// <summary>A slice id as RCTab puts it in file names: every character outside <c>[A-Za-z0-9_.-]</c> becomes <c>_</c>.</summary>
    public static string SanitizeSliceId(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return string.Create(id.Length, id, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                span[i] = char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' ? c : '_';
            }
        });
    }

    private static string TotalsRow(string label, System.Collections.Immutable.ImmutableArray<RcvRound> rounds, Func<RcvRound, decimal> value, bool transfer)
    {
        var row = new StringBuilder(label);
        for (var i = 0; i < rounds.Length; i++)
        {
            var v = value(rounds[i]);
            var next = i + 1 < rounds.Length ? value(rounds[i + 1]) : v;
            row.Append(',').Append(Num(v)).Append(",,").Append(transfer ? (i + 1 < rounds.Length ? Num(next - v) : "0") : "");
        }

        return row.ToString();
    }

    private static string Percent(decimal votes, decimal divisor)
    {
        if (divisor == 0)
        {
            return "";
        }

        var pct = decimal.Truncate(votes / divisor * 10000m) / 100m;
        var s = pct.ToString("0.##", CultureInfo.InvariantCulture);
        return (s.Contains('.', StringComparison.Ordinal) ? s : s + ".0") + "%";
    }

    /// <summary>A vote figure as RCTab prints it: Java <c>BigDecimal.toString()</c>, which keeps the scale the
    /// arithmetic produced (whole ballots "3", truncated fractions "3.0000").</summary>
    public static string Num(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Cell(string value) => value.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
