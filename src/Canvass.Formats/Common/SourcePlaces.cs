using System.Collections;
using System.Globalization;

namespace Canvass.Formats.Common;

/// <summary>Where each of a list of values was read, in the list's order, kept compactly: an item of a list in the file
/// (<c>…/ContestSelection[2]/VoteCounts[12345]</c>) is kept as its line, its list's path (one string for all the
/// list's items) and its index, and its <see cref="SourcePlace.Path"/> is built when the place is asked for.</summary>
/// <remarks>A precinct-level report holds hundreds of thousands of counts and only a few of them ever name their place
/// (in a problem), so the places of all of them cost a few bytes each rather than a path string each.
/// <para>Immutable once built, and thread-safe: each read builds a new <see cref="SourcePlace"/>.</para></remarks>
public sealed class SourcePlaces : IReadOnlyList<SourcePlace>
{
    private readonly Entry[] _entries;
    private readonly string?[] _paths;

    private SourcePlaces(Entry[] entries, string?[] paths)
    {
        _entries = entries;
        _paths = paths;
    }

    /// <summary>No places.</summary>
    public static SourcePlaces Empty { get; } = new([], []);

    /// <summary>How many places there are.</summary>
    public int Count => _entries.Length;

    /// <summary>The place at <paramref name="index"/>, with its path built.</summary>
    /// <exception cref="IndexOutOfRangeException"><paramref name="index"/> is outside the list.</exception>
    public SourcePlace this[int index]
    {
        get
        {
            var entry = _entries[index];
            var path = _paths[entry.Path];
            return new SourcePlace(entry.Line, entry.Index < 0 || path is null ? path : ItemPath(path, entry.Index));
        }
    }

    /// <summary>The places, in order, each with its path built.</summary>
    public IEnumerator<SourcePlace> GetEnumerator()
    {
        for (var i = 0; i < _entries.Length; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The path of the item at <paramref name="index"/> of the list at <paramref name="listPath"/>, as both
    /// encodings of NIST's reports write it: <c>…/VoteCounts[12]</c>, <c>….VoteCounts[11]</c>.</summary>
    internal static string ItemPath(string listPath, int index) =>
        listPath + "[" + index.ToString(CultureInfo.InvariantCulture) + "]";

    /// <summary>One place: its line, the index into the paths of its path (or its list's), and its index in that list (-1
    /// when the path is the place's own).</summary>
    private readonly record struct Entry(long? Line, int Path, int Index);

    /// <summary>Collects places in order. Not thread-safe.</summary>
    internal sealed class Builder
    {
        private readonly List<Entry> _entries = [];
        private readonly List<string?> _paths = [];
        private readonly Dictionary<(object Owner, string Name), int> _lists = [];

        /// <summary>Adds a place whose path is given whole.</summary>
        public void Add(SourcePlace place)
        {
            _paths.Add(place.Path);
            _entries.Add(new Entry(place.Line, _paths.Count - 1, -1));
        }

        /// <summary>Adds the place of the item at <paramref name="index"/> of the list <paramref name="name"/> inside
        /// <paramref name="owner"/>; the list's path is asked of <paramref name="listPath"/> once per owner and name.</summary>
        public void AddItem<TOwner>(long? line, TOwner owner, string name, int index, Func<TOwner, string, string> listPath)
            where TOwner : class
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            if (!_lists.TryGetValue((owner, name), out var list))
            {
                _paths.Add(listPath(owner, name));
                list = _paths.Count - 1;
                _lists.Add((owner, name), list);
            }

            _entries.Add(new Entry(line, list, index));
        }

        /// <summary>The places added so far.</summary>
        public SourcePlaces ToSourcePlaces() => _entries.Count == 0 ? Empty : new([.. _entries], [.. _paths]);
    }
}
