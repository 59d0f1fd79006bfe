using System.Globalization;
using Canvass.Domain;
using Canvass.Domain.Rcv;
using Canvass.Formats.Common;

namespace Canvass.Formats.Rcv;

/// <summary>RCTab's generic CSV: row 1 is a header whose cells from <c>firstVoteColumnIndex</c> on are candidate names
/// (a column headed with the undeclared write-in label is UWI); each later row is a ballot whose cell under a candidate
/// is the rank given to that candidate, blank when unranked. Ballots always start at row 2 (RCTab ignores
/// <c>firstVoteRowIndex</c> here). A rank beyond maxRankingsAllowed is a problem. Blank precinct and batch cells become
/// <c>no precinct id</c> / <c>no batch id</c>.</summary>
internal static class GenericCsvReader
{
    public const string MissingPrecinct = "no precinct id";
    public const string MissingBatch = "no batch id";

    public static IEnumerable<RankedCvr> Read(RcvSource source, string path, int? maxRankings, RcvCandidateLookup? candidates, ProblemList problems,
        CancellationToken ct)
    {
        if (source.FirstVoteColumnIndex is not { } firstColumn)
        {
            problems.Add(new Problem(ProblemCodes.Schema, "A genericCsv source needs firstVoteColumnIndex.", path));
            yield break;
        }

        using var rows = RcvCsv.Rows(path, ',', problems, ct).GetEnumerator();
        if (!rows.MoveNext())
        {
            if (!problems.HasProblems)
            {
                problems.Add(new Problem(ProblemCodes.EmptyFile, "The CSV file is empty.", path));
            }

            yield break;
        }

        if (rows.Current.Cells is not { } header)
        {
            yield break;
        }

        var names = header.Skip(firstColumn - 1).ToList();
        var fileName = Path.GetFileName(source.FilePath);
        var n = 0;
        while (rows.MoveNext())
        {
            n++;
            if (rows.Current.Cells is not { } cells)
            {
                continue;
            }

            var cvr = Ballot(source, path, fileName, n, rows.Current.Line, cells, firstColumn, names, maxRankings, candidates, problems);
            if (cvr is not null)
            {
                yield return cvr;
            }
        }
    }

    private static RankedCvr? Ballot(RcvSource source, string path, string fileName, int n, long line, string[] cells, int firstColumn,
        List<string> names, int? maxRankings, RcvCandidateLookup? candidates, ProblemList problems)
    {
        string Cell(int oneBased) => oneBased - 1 < cells.Length ? cells[oneBased - 1] : "";

        var id = source.IdColumnIndex is { } idColumn ? Cell(idColumn) : fileName + "-" + n.ToString(CultureInfo.InvariantCulture);
        string? precinct = source.PrecinctColumnIndex is { } p ? Cell(p) is { Length: > 0 } pv ? pv : MissingPrecinct : null;
        string? batch = source.BatchColumnIndex is { } b ? Cell(b) is { Length: > 0 } bv ? bv : MissingBatch : null;
        var choices = new ChoiceBuilder(source, candidates);
        var ok = true;
        for (var c = 0; c < names.Count; c++)
        {
            var column = firstColumn + c;
            var text = Cell(column);
            if (text.Length == 0)
            {
                continue;
            }

            var where = "column " + column.ToString(CultureInfo.InvariantCulture) + " (" + names[c] + ")";
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var rank) || rank < 1)
            {
                problems.Add(new Problem(ProblemCodes.BadValue, $"Ballot {id}: '{text}' is not a rank (a whole number of 1 or more).", path, line, where));
                ok = false;
                continue;
            }

            if (maxRankings is { } max && rank > max)
            {
                problems.Add(new Problem(ProblemCodes.BadValue,
                    $"Ballot {id} ranks {names[c]} at rank {rank}, beyond the contest's maximum of {max} rankings.", path, line, where));
                ok = false;
                continue;
            }

            if (!choices.Add(rank, names[c]))
            {
                problems.Add(ChoiceBuilder.Unrecognized(id, names[c], path, line, where));
                ok = false;
            }
        }

        return ok ? new RankedCvr(id, null, precinct, batch, choices.Build()) : null;
    }
}
