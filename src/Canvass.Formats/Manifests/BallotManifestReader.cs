using System.Collections.Immutable;
using System.Globalization;
using Canvass.Domain;
using Canvass.Formats.Common;
using nietras.SeparatedValues;

namespace Canvass.Formats.Manifests;

/// <summary>Reads a ballot manifest in Arlo's CSV columns, with a jurisdiction (county) column so one file can cover a
/// whole state.</summary>
/// <remarks>
/// <para>Columns (header names compared case-insensitively, surrounding spaces ignored): <c>Batch Name</c> and
/// <c>Number of Ballots</c> are required; <c>Jurisdiction</c> (or <c>County</c>) is required unless the caller names the
/// jurisdiction of the whole file, as Arlo does when each jurisdiction uploads its own manifest; <c>Container</c>,
/// <c>Tabulator</c> and <c>CVR</c> (<c>Yes</c>/<c>No</c>, hybrid audits) are optional. Any other column is an error,
/// as in Arlo, so a misspelt header is not silently ignored.</para>
/// <para>A batch is identified by (jurisdiction, tabulator, batch name): Arlo keys batches by (tabulator, batch name)
/// within a jurisdiction. An empty tabulator or container cell means none. <c>Number of Ballots</c> is a whole,
/// non-negative number; thousands separators are not accepted.</para>
/// <para>Every problem is reported with the file, line and column; no manifest is returned unless the whole file is
/// valid (<see cref="ReadRows"/> gives the rows that read in a file that is not).</para>
/// </remarks>
/// <threadsafety>Stateless; safe to share.</threadsafety>
public static class BallotManifestReader
{
    /// <summary>The header of the <c>Container</c> column.</summary>
    public const string ContainerColumn = "Container";

    /// <summary>The header of the <c>Tabulator</c> column.</summary>
    public const string TabulatorColumn = "Tabulator";

    /// <summary>The header of the <c>Batch Name</c> column.</summary>
    public const string BatchNameColumn = "Batch Name";

    /// <summary>The header of the <c>Number of Ballots</c> column.</summary>
    public const string BallotCountColumn = "Number of Ballots";

    /// <summary>The header of the jurisdiction column (<c>County</c> is accepted too).</summary>
    public const string JurisdictionColumn = "Jurisdiction";

    /// <summary>The header of the hybrid audits' <c>CVR</c> column.</summary>
    public const string CvrColumn = "CVR";

    /// <summary>Reads and validates a whole manifest.</summary>
    /// <param name="stream">The file's bytes (UTF-8, optionally with a byte-order mark).</param>
    /// <param name="file">The file name used in problems.</param>
    /// <param name="jurisdiction">The jurisdiction of every batch when the file has no jurisdiction column; ignored
    /// (and must then be null or match) when it has one.</param>
    /// <param name="ct">Cancels a long read.</param>
    /// <returns>The manifest, or every problem found.</returns>
    public static Result<BallotManifest> Read(Stream stream, string? file = null, string? jurisdiction = null, CancellationToken ct = default)
    {
        var problems = new ProblemList(file);
        var rows = ReadRows(stream, problems, jurisdiction, ct);
        return problems.HasProblems
            ? Result<BallotManifest>.Failure(problems.ToImmutable())
            : Result<BallotManifest>.Success(new BallotManifest(rows.Batches));
    }

    /// <summary>Reads a manifest as far as it goes, for a caller that checks the rows that read further while the file
    /// has problems (so that one run lists every problem of a file): the batches that read, and what did read of each
    /// row that did not.</summary>
    /// <param name="stream">The file's bytes (UTF-8, optionally with a byte-order mark).</param>
    /// <param name="problems">Where every problem of the file goes.</param>
    /// <param name="jurisdiction">As for <see cref="Read"/>.</param>
    /// <param name="ct">Cancels a long read.</param>
    /// <returns>The rows; a manifest only when <paramref name="problems"/> received none.</returns>
    public static BallotManifestRows ReadRows(Stream stream, ProblemList problems, string? jurisdiction = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(problems);
        var before = problems.Count;
        var batches = ImmutableArray.CreateBuilder<ManifestBatch>();
        var refused = ImmutableArray.CreateBuilder<ManifestRowRefused>();
        long line = 1;
        try
        {
            using var text = StrictUtf8.CreateReader(stream);
            using var reader = HeaderedCsv.Open(text, problems, out var headerLine);
            if (reader is null)
            {
                return new BallotManifestRows([], [], Complete: false);
            }

            var columns = ReadHeader(reader.Current, headerLine, jurisdiction, problems);
            if (problems.Count != before)
            {
                return new BallotManifestRows([], [], Complete: false);
            }

            var seen = new Dictionary<(string Jurisdiction, string? Tabulator, string Batch), long>();
            var counted = problems.Count;
            while (HeaderedCsv.NextRecord(reader, columns.Count, problems, ref line))
            {
                ct.ThrowIfCancellationRequested();
                SkippedRows(problems, ref counted, refused);
                if (ReadBatch(reader.Current, columns, jurisdiction, line, problems, out var readJurisdiction, out var readBatchName) is not { } batch)
                {
                    refused.Add(new ManifestRowRefused(line, readJurisdiction, readBatchName));
                }
                else if (seen.TryGetValue((batch.Jurisdiction, batch.Tabulator, batch.BatchName), out var first))
                {
                    var where = batch.Tabulator is null ? "" : $" on tabulator '{batch.Tabulator}'";
                    problems.Add(
                        ProblemCodes.DuplicateId,
                        $"Batch '{batch.BatchName}'{where} in '{batch.Jurisdiction}' is listed twice (first on line {first.ToString(CultureInfo.InvariantCulture)}).",
                        line,
                        BatchNameColumn);
                }
                else
                {
                    seen.Add((batch.Jurisdiction, batch.Tabulator, batch.BatchName), line);
                    batches.Add(batch);
                }

                counted = problems.Count;
            }

            SkippedRows(problems, ref counted, refused);
        }
        catch (Exception e) when (HeaderedCsv.IsUnreadable(e))
        {
            HeaderedCsv.AddUnreadable(e, stream, line, problems);
            return new BallotManifestRows(batches.ToImmutable(), refused.ToImmutable(), Complete: false);
        }

        if (problems.Count == before && batches.Count == 0)
        {
            problems.Add(ProblemCodes.EmptyFile, "The manifest lists no batches.", 2);
        }

        return new BallotManifestRows(batches.ToImmutable(), refused.ToImmutable(), Complete: true);
    }

    /// <summary>Notes the rows <see cref="HeaderedCsv.NextRecord"/> skipped since <paramref name="counted"/> problems (rows
    /// too narrow or too wide to say which cell is which) as one refused row of which nothing is known.</summary>
    private static void SkippedRows(ProblemList problems, ref long counted, ImmutableArray<ManifestRowRefused>.Builder refused)
    {
        if (problems.Count != counted)
        {
            refused.Add(new ManifestRowRefused(null, null, null));
            counted = problems.Count;
        }
    }

    private static Columns ReadHeader(SepReader.Row header, long line, string? jurisdiction, ProblemList problems)
    {
        var found = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.ColCount; i++)
        {
            var name = HeaderedCsv.Text(header, i, line, "header", problems)?.Trim() ?? "";
            var canonical = Canonical(name);
            if (canonical is null)
            {
                problems.Add(
                    ProblemCodes.Schema,
                    $"Unexpected column '{name}'. Allowed columns: {JurisdictionColumn}, {ContainerColumn}, {TabulatorColumn}, {BatchNameColumn}, {BallotCountColumn}, {CvrColumn}.",
                    line,
                    name);
            }
            else if (!found.TryAdd(canonical, i))
            {
                problems.Add(ProblemCodes.Schema, $"The column '{canonical}' appears twice.", line, name);
            }
        }

        int Col(string name) => found.GetValueOrDefault(name, -1);
        var columns = new Columns(header.ColCount, Col(JurisdictionColumn), Col(ContainerColumn), Col(TabulatorColumn), Col(BatchNameColumn), Col(BallotCountColumn), Col(CvrColumn));
        foreach (var (col, name) in new[] { (columns.BatchName, BatchNameColumn), (columns.BallotCount, BallotCountColumn) })
        {
            if (col < 0)
            {
                problems.Add(ProblemCodes.Schema, $"The required column '{name}' is missing.", line, name);
            }
        }

        if (columns.Jurisdiction < 0 && string.IsNullOrWhiteSpace(jurisdiction))
        {
            problems.Add(
                ProblemCodes.Schema,
                $"The required column '{JurisdictionColumn}' (or 'County') is missing; add it, or name the jurisdiction of the whole file.",
                line,
                JurisdictionColumn);
        }

        return columns;
    }

    /// <summary>The row's batch, or null with its problems added; <paramref name="readJurisdiction"/> and
    /// <paramref name="readBatchName"/> are its jurisdiction and batch name when each read without a problem.</summary>
    private static ManifestBatch? ReadBatch(
        SepReader.Row row, Columns columns, string? jurisdiction, long line, ProblemList problems, out string? readJurisdiction, out string? readBatchName)
    {
        var before = problems.Count;
        var juris = columns.Jurisdiction >= 0 ? HeaderedCsv.Text(row, columns.Jurisdiction, line, JurisdictionColumn, problems)?.Trim() : jurisdiction!.Trim();
        if (juris is { Length: 0 })
        {
            problems.Add(ProblemCodes.Schema, "The jurisdiction is empty.", line, JurisdictionColumn);
        }
        else if (juris is not null && columns.Jurisdiction >= 0 && !string.IsNullOrWhiteSpace(jurisdiction) && !string.Equals(juris, jurisdiction.Trim(), StringComparison.Ordinal))
        {
            problems.Add(ProblemCodes.UnknownReference, $"The batch belongs to '{juris}', but this manifest is for '{jurisdiction.Trim()}'.", line, JurisdictionColumn);
        }

        readJurisdiction = problems.Count == before ? juris : null;
        var beforeName = problems.Count;
        var batchName = HeaderedCsv.Text(row, columns.BatchName, line, BatchNameColumn, problems)?.Trim();
        if (batchName is { Length: 0 })
        {
            problems.Add(ProblemCodes.Schema, "The batch name is empty.", line, BatchNameColumn);
        }

        readBatchName = problems.Count == beforeName ? batchName : null;

        var countText = HeaderedCsv.Text(row, columns.BallotCount, line, BallotCountColumn, problems)?.Trim();
        var count = 0;
        if (countText is not null && !int.TryParse(countText, NumberStyles.None, CultureInfo.InvariantCulture, out count))
        {
            problems.Add(ProblemCodes.BadCount, $"'{countText}' is not a whole, non-negative number of ballots.", line, BallotCountColumn);
        }

        bool? hasCvrs = null;
        if (columns.Cvr >= 0)
        {
            var cvr = HeaderedCsv.Text(row, columns.Cvr, line, CvrColumn, problems)?.Trim();
            if (cvr is null)
            {
                hasCvrs = null;
            }
            else if (cvr.Equals("Yes", StringComparison.OrdinalIgnoreCase))
            {
                hasCvrs = true;
            }
            else if (cvr.Equals("No", StringComparison.OrdinalIgnoreCase))
            {
                hasCvrs = false;
            }
            else
            {
                problems.Add(ProblemCodes.BadValue, $"'{cvr}' is not Yes or No.", line, CvrColumn);
            }
        }

        var container = Optional(row, columns.Container, line, ContainerColumn, problems);
        var tabulator = Optional(row, columns.Tabulator, line, TabulatorColumn, problems);
        return problems.Count != before
            ? null
            : new ManifestBatch(juris!, container, tabulator, batchName!, count, hasCvrs, line);
    }

    private static string? Optional(SepReader.Row row, int col, long line, string column, ProblemList problems)
    {
        if (col < 0)
        {
            return null;
        }

        var value = HeaderedCsv.Text(row, col, line, column, problems)?.Trim();
        return value is { Length: > 0 } ? value : null;
    }

    private static string? Canonical(string header)
    {
        foreach (var name in (ReadOnlySpan<string>)[JurisdictionColumn, ContainerColumn, TabulatorColumn, BatchNameColumn, BallotCountColumn, CvrColumn])
        {
            if (string.Equals(header, name, StringComparison.OrdinalIgnoreCase))
            {
                return name;
            }
        }

        return string.Equals(header, "County", StringComparison.OrdinalIgnoreCase) ? JurisdictionColumn : null;
    }

    private sealed record Columns(int Count, int Jurisdiction, int Container, int Tabulator, int BatchName, int BallotCount, int Cvr);
}
