namespace Canvass.Audit.Workflow;

/// <summary>Where a ballot is in the manifests: county, tabulator, batch and 1-based position. Unique in an audit.</summary>
/// <param name="County">The county id.</param>
/// <param name="Tabulator">The tabulator, when the manifest names one.</param>
/// <param name="Batch">The batch name.</param>
/// <param name="Position">The position in the batch, from 1.</param>
public readonly record struct BallotKey(string County, string? Tabulator, string Batch, int Position)
{
    /// <inheritdoc />
    public override string ToString() =>
        Tabulator is null
            ? $"{County}/{Batch}/{Position.ToString(System.Globalization.CultureInfo.InvariantCulture)}"
            : $"{County}/{Tabulator}/{Batch}/{Position.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
}
