using System.Globalization;
using Canvass.Domain.Rcv;
using Canvass.Formats.Rcv;
using nietras.SeparatedValues;

namespace Canvass.Formats.Rctab;

/// <summary>RCTab's "RCTab CVR" CSV (<c>*_rctab_cvr.csv</c>, also the output of its CVR conversion): one row per ballot,
/// in read order, with the source, the vendor ids and one cell per rank.</summary>
/// <remarks>A rank cell holds the candidate's display name (aliases resolved), <c>overvote</c> for an overvote label,
/// the source's own undeclared write-in label, or <c>undervote</c> when nothing is ranked; several candidates at one rank
/// are joined with a line feed. There are <c>maxRankingsAllowed</c> rank columns, or one per declared candidate when it is
/// <c>"max"</c> (RCTab issue #896).</remarks>
public static class RctabCvrCsvExport
{
    private static readonly string[] FixedColumns =
        ["Source Filepath", "CVR Provider", "Contest Id", "RCTab CVR Id", "Tabulator Id", "Batch Id", "Vendor Id", "Precinct", "Precinct Portion"];

    /// <summary>Writes the CSV.</summary>
    public static void Write(TextWriter output, RctabConfig config, IEnumerable<(RcvSource Source, RankedCvr Cvr)> ballots)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(ballots);
        var names = DisplayNames(config);
        var ranks = config.Rules.MaxRankingsAllowed ?? config.Candidates.Length;
        var rankColumns = Enumerable.Range(1, ranks).Select(r => "Rank " + r.ToString(CultureInfo.InvariantCulture)).ToArray();
        using var writer = Sep.Writer(o => o with { Sep = new Sep(','), Escape = true, WriteHeader = true }).To(output, leaveOpen: true);
        var wroteAny = false;
        foreach (var (source, cvr) in ballots)
        {
            wroteAny = true;
            using var row = writer.NewRow();
            var (tabulator, batch, vendor) = VendorIds(source, cvr);
            var dominion = source.Provider == RcvProviders.Dominion;
            row["Source Filepath"].Set(source.FilePath);
            row["CVR Provider"].Set(source.Provider);
            row["Contest Id"].Set(source.Provider is RcvProviders.Dominion or RcvProviders.Hart ? source.ContestId ?? "" : "");
            row["RCTab CVR Id"].Set(cvr.Id);
            row["Tabulator Id"].Set(tabulator);
            row["Batch Id"].Set(batch);
            row["Vendor Id"].Set(vendor);
            row["Precinct"].Set(dominion ? "" : cvr.Precinct ?? "");
            row["Precinct Portion"].Set(dominion ? cvr.Precinct ?? "" : "");
            for (var r = 1; r <= ranks; r++)
            {
                var at = cvr.Choices.Where(c => c.Rank == r).Select(c => Display(c.Candidate, source, names)).ToList();
                row[rankColumns[r - 1]].Set(at.Count == 0 ? "undervote" : string.Join("\n", at));
            }
        }

        if (!wroteAny)
        {
            output.WriteLine(string.Join(",", FixedColumns.Concat(rankColumns)));
        }
    }

    /// <summary>Candidate code (name or alias) to display name.</summary>
    internal static Dictionary<string, string> DisplayNames(RctabConfig config)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var c in config.Candidates)
        {
            names.TryAdd(c.Name, c.Name);
            foreach (var alias in c.Aliases.IsDefault ? [] : c.Aliases)
            {
                names.TryAdd(alias, c.Name);
            }
        }

        return names;
    }

    private static string Display(string candidate, RcvSource source, Dictionary<string, string> names) => candidate switch
    {
        RankedCvr.Overvote => "overvote",
        RankedCvr.UndeclaredWriteIn => source.UndeclaredWriteInLabel ?? RankedCvr.UndeclaredWriteIn,
        _ => names.GetValueOrDefault(candidate, candidate),
    };

    /// <summary>Tabulator, batch and vendor (record) ids: Dominion's come from its <c>tabulator-batch-record</c> id, CDF's
    /// vendor id is the ballot's position in the file.</summary>
    private static (string Tabulator, string Batch, string Vendor) VendorIds(RcvSource source, RankedCvr cvr)
    {
        if (source.Provider == RcvProviders.Dominion && cvr.Id.Split('-') is [var t, var b, var r])
        {
            return (t, b, r);
        }

        if (source.Provider == RcvProviders.Cdf && cvr.Id.LastIndexOf('(') is var open and >= 0 && cvr.Id.EndsWith(')'))
        {
            return ("", cvr.BatchId ?? "", cvr.Id[(open + 1)..^1]);
        }

        return ("", cvr.BatchId ?? "", "");
    }
}
