using System.Collections.Immutable;
using System.Globalization;
using Canvass.Cli.Common;
using Canvass.Cli.Imports;
using Canvass.Domain;
using Canvass.Domain.Audits;
using Canvass.Domain.Elections;
using Canvass.Domain.Events;
using Canvass.Formats.Common;
using Canvass.Formats.Manifests;
using Canvass.Storage;

namespace Canvass.Cli.Audit;

/// <summary>Imports a ballot manifest, all or nothing: validated whole, its jurisdictions resolved to the election's
/// counties, its batch counts checked against the committed CVRs of those counties, then committed with its SHA-256 and
/// a Merkle root over its batches.</summary>
internal static class ManifestImporter
{
    public const string Kind = "manifest";

    public static async Task<ImportOutcome> ImportAsync(ElectionSession session, string path, string? jurisdiction, CancellationToken ct)
    {
        var fileName = Path.GetFileName(path);
        var sha = await FileDigest.Sha256Async(path, ct);
        if (await session.Store.FindImportAsync(sha, ct) is { } earlier)
        {
            return ImportOutcome.Earlier(path, Kind, earlier);
        }

        // A problem stops no check: each runs on every row it can judge, so one run lists every problem of the file, and
        // none on a row whose problem an earlier one already gave (it would only say it again in other words).
        var problems = new ProblemList(path);
        BallotManifestRows rows;
        await using (var stream = File.OpenRead(path))
        {
            rows = BallotManifestReader.ReadRows(stream, problems, jurisdiction, ct);
        }

        var (entries, unplaced) = Resolve(session.Index, rows, problems);
        var counties = entries.Select(e => e.Entry.County).Union(unplaced.Select(u => u.County).OfType<string>())
            .Order(StringComparer.Ordinal).ToImmutableArray();
        var state = await AuditStore.LoadAsync(session.Store, ct);
        if (state.Audit is { } audit)
        {
            foreach (var locked in counties.Where(c => audit.Contests.Any(a => a.Counties.Contains(c))))
            {
                problems.Add(ProblemCodes.Inconsistent,
                    $"The audit is created over the committed manifest of county {locked}; a new manifest for it would change the sampling frame.");
            }
        }

        await CheckAgainstCvrsAsync(session, state, counties, entries, unplaced, rows.Complete, problems, ct);
        if (problems.HasProblems)
        {
            return Rejected(path, sha, problems.ToImmutable());
        }

        var batches = entries.Select(e => e.Entry).ToImmutableArray();
        var ballots = batches.Sum(b => (long)b.Ballots);
        var committed = new ManifestCommitted(
            "man-" + sha[..16],
            fileName,
            sha,
            counties,
            ballots,
            batches,
            ManifestBatchEncoding.Name,
            ManifestBatchEncoding.Root(batches));
        await session.Store.AppendAsync(Streams.Election, session.State.Version, [committed],
            new ImportRecord(sha, Kind, fileName, ballots), ct);
        await session.RefreshAsync(ct);
        return new ImportOutcome(path, Kind, "imported", ballots, sha);
    }

    private static ImportOutcome Rejected(string path, string sha, IReadOnlyList<Problem> problems) =>
        new(path, Kind, "rejected", 0, sha, problems);

    /// <summary>The batches that read, each with its county; and the rows the comparison with the CVRs cannot see (rows that
    /// did not read, and batches whose jurisdiction is no county), each with its county and batch name where known.</summary>
    private static (List<(ManifestBatchEntry Entry, long Line)> Entries, List<(string? County, string? Batch)> Unplaced) Resolve(
        ElectionIndex index, BallotManifestRows rows, ProblemList problems)
    {
        var byName = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var definition = index.Definition;
        for (var i = 0; i < definition.GpUnits.Length; i++)
        {
            if (index.CountyOf(i) != i)
            {
                continue;
            }

            var unit = definition.GpUnits[i];
            byName[unit.Id.Value] = unit.Id.Value;

            // Two counties with one name make the name ambiguous; the id still works.
            byName[unit.Name] = byName.TryGetValue(unit.Name, out var other) && other != unit.Id.Value ? null : unit.Id.Value;
        }

        var reported = new HashSet<string>(StringComparer.Ordinal);
        string? County(string jurisdiction, long? line)
        {
            if (byName.TryGetValue(jurisdiction, out var county) && county is not null)
            {
                return county;
            }

            if (reported.Add(jurisdiction))
            {
                problems.Add(ProblemCodes.UnknownReference,
                    byName.ContainsKey(jurisdiction)
                        ? $"'{jurisdiction}' names more than one county; use the county's id."
                        : $"'{jurisdiction}' is not a county of the election (give its id or name).",
                    line, BallotManifestReader.JurisdictionColumn);
            }

            return null;
        }

        var entries = new List<(ManifestBatchEntry, long)>();
        var unplaced = new List<(string?, string?)>();
        var refused = 0;
        foreach (var b in rows.Batches)
        {
            // The refused rows before this batch first, so that a jurisdiction that is no county is reported at its first line.
            for (; refused < rows.Refused.Length && (rows.Refused[refused].Line ?? 0) < b.Line; refused++)
            {
                unplaced.Add(Unplaced(rows.Refused[refused]));
            }

            if (County(b.Jurisdiction, b.Line) is { } county)
            {
                entries.Add((new ManifestBatchEntry(b.Jurisdiction, county, b.Container, b.Tabulator, b.BatchName, b.BallotCount), b.Line));
            }
            else
            {
                unplaced.Add((null, b.BatchName));
            }
        }

        foreach (var r in rows.Refused[refused..])
        {
            unplaced.Add(Unplaced(r));
        }

        (string?, string?) Unplaced(ManifestRowRefused r) => (r.Jurisdiction is { } j ? County(j, r.Line) : null, r.BatchName);

        return (entries, unplaced);
    }

    /// <summary>Holds the batches that read to the committed CVRs of the <paramref name="counties"/> that have them. A CVR
    /// batch the manifest leaves out is reported only when no row that did not read (or whose jurisdiction is no county)
    /// could be it, and not at all when the file could not be read to its end.</summary>
    private static async Task CheckAgainstCvrsAsync(
        ElectionSession session,
        Canvass.Audit.Workflow.AuditState state,
        ImmutableArray<string> counties,
        List<(ManifestBatchEntry Entry, long Line)> entries,
        List<(string? County, string? Batch)> unplaced,
        bool complete,
        ProblemList problems,
        CancellationToken ct)
    {
        var withCvrs = counties.Where(state.CvrCounties.Contains).ToHashSet(StringComparer.Ordinal);
        if (withCvrs.Count == 0)
        {
            return;
        }

        var cvrCounts = await CvrLookup.CountAsync(session.Store, withCvrs, ct);
        var c = CultureInfo.InvariantCulture;
        foreach (var m in ManifestCvrAgreement.Compare([.. entries.Select(e => e.Entry)], withCvrs, cvrCounts))
        {
            var line = m.Entry is { } at ? entries[at].Line : (long?)null;
            switch (m.Kind)
            {
                case ManifestCvrAgreement.ListedTwice:
                    problems.Add(ProblemCodes.DuplicateId,
                        $"Batch '{m.Batch}' of {m.County} is listed twice (first on line {entries[m.FirstEntry!.Value].Line.ToString(c)}); CVRs name batches without the tabulator, so in a county with CVRs batch names must be unique.",
                        line!.Value, BallotManifestReader.BatchNameColumn);
                    break;
                case ManifestCvrAgreement.Count:
                    problems.Add(ProblemCodes.Inconsistent,
                        $"Batch '{m.Batch}' of {m.County} lists {Quantity.Of(m.Listed, "ballot")}, but the committed CVRs hold {m.Held.ToString("N0", c)} for it.",
                        line!.Value, BallotManifestReader.BallotCountColumn);
                    break;
                case ManifestCvrAgreement.NoBatch:
                    problems.Add(ProblemCodes.Inconsistent, $"{Quantity.Of(m.Held, "committed CVR")} of {m.County} {(m.Held == 1 ? "names" : "name")} no batch, so the manifest cannot locate the paper.");
                    break;
                default:
                    if (!complete || unplaced.Any(u => (u.County ?? m.County) == m.County && (u.Batch ?? m.Batch) == m.Batch))
                    {
                        break;
                    }

                    problems.Add(ProblemCodes.Inconsistent, $"The committed CVRs of {m.County} hold {Quantity.Of(m.Held, "ballot")} in batch '{m.Batch}', which the manifest does not list.");
                    break;
            }
        }
    }
}
