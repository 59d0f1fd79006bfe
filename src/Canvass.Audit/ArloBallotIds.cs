namespace Canvass.Audit;

/// <summary>Ballot ids rendered as Arlo renders them before hashing (Python <c>str()</c> of its tuples).</summary>
public static class ArloBallotIds
{
    /// <summary>
    /// The production batch key <c>(jurisdiction_name, tabulator_or_None, batch_name)</c>,
    /// e.g. <c>('J1', None, 'Batch 1')</c>.
    /// </summary>
    /// <param name="jurisdiction">The jurisdiction's name.</param>
    /// <param name="tabulator">The tabulator, or null when the manifest has none (Python <c>None</c>).</param>
    /// <param name="batch">The batch name.</param>
    /// <returns>The batch key as Python renders the tuple.</returns>
    public static string ProductionBatch(string jurisdiction, string? tabulator, string batch) =>
        PythonRepr.Tuple(PythonRepr.String(jurisdiction), tabulator is null ? PythonRepr.None : PythonRepr.String(tabulator),
            PythonRepr.String(batch));

    /// <summary>A production ballot id, e.g. <c>(('J1', None, 'Batch 1'), 3)</c>.</summary>
    /// <param name="jurisdiction">The jurisdiction's name.</param>
    /// <param name="tabulator">The tabulator, or null when the manifest has none.</param>
    /// <param name="batch">The batch name.</param>
    /// <param name="position">The ballot's position in the batch (1-based).</param>
    /// <returns>The ballot id as Python renders the tuple.</returns>
    public static string ProductionBallot(string jurisdiction, string? tabulator, string batch, int position) =>
        PythonRepr.Tuple(ProductionBatch(jurisdiction, tabulator, batch), PythonRepr.Int(position));

    /// <summary>The id Arlo's tests use, <c>(batch_name, position)</c>, e.g. <c>('pct 1', 20)</c>.</summary>
    /// <param name="batch">The batch name.</param>
    /// <param name="position">The ballot's position in the batch.</param>
    /// <returns>The ballot id as Python renders the tuple.</returns>
    public static string TestBallot(string batch, int position) =>
        PythonRepr.Tuple(PythonRepr.String(batch), PythonRepr.Int(position));
}
