using Canvass.Formats.Common;

namespace Canvass.Formats.Nist.ElectionReport;

/// <summary>The kind of a scalar value found in the input.</summary>
internal enum ScalarKind
{
    String = 0,
    Number = 1,
    Boolean = 2,
    Other = 3,
}

/// <summary>One object of an ElectionReport, read from JSON or XML. Lets one mapper validate both encodings.</summary>
/// <remarks>A node knows its parent, the name it was reached by and its position there, and builds its
/// <see cref="Path"/> only when asked: a report holds hundreds of thousands of counts, and a path is needed only for the
/// few that have a problem (<see cref="AddPlaceTo"/> keeps the rest's places without building them).</remarks>
internal abstract class ErrNode
{
    private readonly ErrNode? _parent;
    private readonly string? _name;
    private readonly int _index;
    private string? _path;

    /// <summary>A root node, at <paramref name="path"/>.</summary>
    protected ErrNode(string path)
    {
        _path = path;
        _index = -1;
    }

    /// <summary>The node reached from <paramref name="parent"/> by <paramref name="name"/>: the item at
    /// <paramref name="index"/> (as the path writes it: from 1 in XML, from 0 in JSON) of a list, or with
    /// <paramref name="index"/> -1 the only object there.</summary>
    protected ErrNode(ErrNode parent, string name, int index)
    {
        _parent = parent;
        _name = name;
        _index = index;
    }

    /// <summary>JSON path (<c>$.Election[0].Contest[3]</c>) or XML path (<c>/ElectionReport/Election[1]/Contest[4]</c>).</summary>
    public string Path => _path ??= _index < 0 ? _parent!.ChildPath(_name!) : SourcePlaces.ItemPath(_parent!.ChildPath(_name!), _index);

    /// <summary>1-based line, when known (XML).</summary>
    public abstract long? Line { get; }

    public abstract bool IsXml { get; }

    /// <summary><c>@id</c> (JSON) or <c>ObjectId</c> (XML).</summary>
    public abstract string? Id { get; }

    /// <summary>The step from <see cref="Path"/> to <see cref="Id"/> for <see cref="ChildPath"/>: <c>@id</c> (JSON) or
    /// <c>@ObjectId</c> (XML).</summary>
    public string IdField => IsXml ? "@ObjectId" : "@id";

    /// <summary>The class named by <c>@type</c> (without the <c>ElectionResults.</c> prefix) or <c>xsi:type</c>
    /// (without a namespace prefix); null when absent. A JSON <c>@type</c> without the prefix is returned as written.</summary>
    public abstract string? DeclaredType { get; }

    public abstract bool Has(string name);

    public abstract bool TryScalar(string name, out string text, out ScalarKind kind);

    public abstract IReadOnlyList<ErrNode> Children(string name);

    public abstract IReadOnlyList<string>? IdRefs(string name);

    /// <summary>The content of an InternationalizedText (preferring English), or null when absent.</summary>
    public abstract string? IntlText(string name);

    /// <summary>The path of <paramref name="name"/> inside this node: <c>…/Contest[4]/Name</c> (XML) or
    /// <c>….Contest[3].Name</c> (JSON).</summary>
    public string ChildPath(string name) => Path + (IsXml ? "/" : ".") + name;

    /// <summary>Adds where this node was read to <paramref name="places"/>: an item of a list as its list's path (built
    /// once for all the list's items) and its index.</summary>
    public void AddPlaceTo(SourcePlaces.Builder places)
    {
        ArgumentNullException.ThrowIfNull(places);
        if (_parent is null || _index < 0)
        {
            places.Add(new SourcePlace(Line, Path));
        }
        else
        {
            places.AddItem(Line, _parent, _name!, _index, static (parent, name) => parent.ChildPath(name));
        }
    }
}
