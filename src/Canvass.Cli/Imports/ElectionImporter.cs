using Canvass.Domain;
using Canvass.Domain.Events;
using Canvass.Formats.Nist.ElectionReport;
using Canvass.Storage;

namespace Canvass.Cli.Imports;

/// <summary>Defines the store's election from a NIST SP 1500-100 election report.</summary>
internal static class ElectionImporter
{
    public static async Task<ImportOutcome> ImportAsync(ElectionSession session, string path, CancellationToken cancellationToken)
    {
        var fileName = Path.GetFileName(path);
        var sha = await FileDigest.Sha256Async(path, cancellationToken);
        if (session.Definition is not null)
        {
            if (await session.Store.FindImportAsync(sha, cancellationToken) is { Kind: "election" } same)
            {
                return new ImportOutcome(path, "election", "unchanged", same.Records, sha);
            }

            return new ImportOutcome(path, "election", "rejected", 0, sha,
            [
                new Problem(ProblemCodes.Inconsistent,
                    $"This store already holds the election '{session.Definition.Name}'; a store holds one election. Use a new --store.",
                    path),
            ]);
        }

        var read = ElectionReportReader.Read(path);
        if (!read.IsSuccess)
        {
            return new ImportOutcome(path, "election", "rejected", 0, sha, read.Problems);
        }

        var definition = read.Value.Definition;
        await session.Store.AppendAsync(
            Streams.Election,
            session.State.Version,
            [new ElectionDefined(definition, fileName, sha)],
            new ImportRecord(sha, "election", fileName, definition.Contests.Length),
            cancellationToken);
        await session.RefreshAsync(cancellationToken);
        return new ImportOutcome(path, "election", "imported", definition.Contests.Length, sha);
    }
}
