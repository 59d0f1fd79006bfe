namespace Canvass.Formats.Cvr;

/// <summary>Ordinal string-to-position map that can be queried with a span, so hot loops look ids up without allocating.</summary>
/// <remarks>Built on <see cref="CellNumbers"/>, the open-addressing table of the CSV reader's cells, which the CSV reader
/// found cheaper than a dictionary's alternate lookup for its cells; it also looks up every ballot's county and vote method
/// here. The first of keys that repeat keeps its position. Read-only once built, except that a lookup walking past
/// <see cref="CellNumbers.MaxProbes"/> keys moves the table into a dictionary: an instance shared between threads must
/// hold fewer keys than that, as the CSV reader's vote methods do.</remarks>
internal sealed class SpanLookup
{
    private readonly CellNumbers _positions = new();

    public SpanLookup(IEnumerable<string> keys)
    {
        var i = 0;
        foreach (var key in keys)
        {
            if (!_positions.TryGet(key, out _))
            {
                _positions.Add(key, i);
            }

            i++;
        }
    }

    public bool TryGet(ReadOnlySpan<char> key, out int index) => _positions.TryGet(key, out index);

    public bool TryGet(string key, out int index) => _positions.TryGet(key, out index);
}
