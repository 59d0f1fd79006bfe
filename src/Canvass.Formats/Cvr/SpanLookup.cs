namespace Canvass.Formats.Cvr;

/// <summary>Ordinal string-to-position map that can be queried with a span, so hot loops look ids up without allocating.</summary>
internal sealed class SpanLookup
{
    private readonly Dictionary<string, int> _map;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _spans;

    public SpanLookup(IEnumerable<string> keys)
    {
        _map = new Dictionary<string, int>(StringComparer.Ordinal);
        var i = 0;
        foreach (var key in keys)
        {
            _map.TryAdd(key, i);
            i++;
        }

        _spans = _map.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public bool TryGet(ReadOnlySpan<char> key, out int index) => _spans.TryGetValue(key, out index);

    public bool TryGet(string key, out int index) => _map.TryGetValue(key, out index);
}
