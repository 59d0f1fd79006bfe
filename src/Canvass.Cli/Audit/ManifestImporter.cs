using System.Collections.Immutable;
using System.Globalization;
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

        Result<BallotManifest> read;
        await using (var stream = File.OpenRead(path))
        {
            read = BallotManifestReader.Read(stream, path, jurisdiction, ct);
        }

        if (!read.IsSuccess)
        {
            return Rejected(path, sha, read.Problems);
        }

        var problems = new ProblemList(path);
        var entries = Resolve(session.Index, read.Value, problems);
        if (problems.HasProblems)
        {
            return Rejected(path, sha, problems.ToImmutable());
        }

        var counties = entries.Select(e => e.Entry.County).Distinct().Order(StringComparer.Ordinal).ToImmutableArray();
        var state = await AuditStore.LoadAsync(session.Store, ct);
        if (state.Audit is { } audit && counties.FirstOrDefault(c => audit.Contests.Any(a => a.Counties.Contains(c))) is { } locked)
        {
            problems.Add(ProblemCodes.Inconsistent,
                $"The audit is created over the committed manifest of county {locked}; a new manifest for it would change the sampling frame.");
            return Rejected(path, sha, problems.ToImmutable());
        }

        await CheckAgainstCvrsAsync(session, state, entries, problems, ct);
        if (problems.HasProblems)
        {
            return Rejected(path, sha, problems.ToImmutable());
        }

        var batches = entries.Select(e => e.Entry).ToImmutableArray();
        var committed = new ManifestCommitted(
            "man-" + sha[..16],
            fileName,
            sha,
            counties,
            read.Value.BallotCount,
            batches,
            ManifestBatchEncoding.Name,
            ManifestBatchEncoding.Root(batches));
        await session.Store.AppendAsync(Streams.Election, session.State.Version, [committed],
            new ImportRecord(sha, Kind, fileName, read.Value.BallotCount), ct);
        await session.RefreshAsync(ct);
        return new ImportOutcome(path, Kind, "imported", read.Value.BallotCount, sha);
    }

    private static ImportOutcome Rejected(string path, string sha, IReadOnlyList<Problem> problems) =>
        new(path, Kind, "rejected", 0, sha, problems);

    private static List<(ManifestBatchEntry Entry, long Line)> Resolve(ElectionIndex index, BallotManifest manifest, ProblemList problems)
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

        var result = new List<(ManifestBatchEntry, long)>();
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var b in manifest.Batches)
        {
            if (!byName.TryGetValue(b.Jurisdiction, out var county) || county is null)
            {
                if (reported.Add(b.Jurisdiction))
                {
                    problems.Add(ProblemCodes.UnknownReference,
                        county is null && byName.ContainsKey(b.Jurisdiction)
                            ? $"'{b.Jurisdiction}' names more than one county; use the county's id."
                            : $"'{b.Jurisdiction}' is not a county of the election (give its id or name).",
                        b.Line, BallotManifestReader.JurisdictionColumn);
                }

                continue;
            }

            result.Add((new ManifestBatchEntry(b.Jurisdiction, county, b.Container, b.Tabulator, b.BatchName, b.BallotCount), b.Line));
        }

        return result;
    }

    private static async Task CheckAgainstCvrsAsync(
        ElectionSession session, Canvass.Audit.Workflow.AuditState state, List<(ManifestBatchEntry Entry, long Line)> entries, ProblemList problems, CancellationToken ct)
    {
        var withCvrs = entries.Select(e => e.Entry.County).Where(state.CvrCounties.Contains).ToHashSet(StringComparer.Ordinal);
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
                        $"Batch '{m.Batch}' of {m.County} lists {m.Listed.ToString(c)} ballots, but the committed CVRs hold {m.Held.ToString(c)} for it.",
                        line!.Value, BallotManifestReader.BallotCountColumn);
                    break;
                case ManifestCvrAgreement.NoBatch:
                    problems.Add(ProblemCodes.Inconsistent, $"{m.Held.ToString(c)} committed CVRs of {m.County} name no batch, so the manifest cannot locate their paper.");
                    break;
                default:
                    problems.Add(ProblemCodes.Inconsistent, $"The committed CVRs of {m.County} hold {m.Held.ToString(c)} ballots in batch '{m.Batch}', which the manifest does not list.");
                    break;
            }
        }
    }
}
