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
internal abstract class ErrNode
{
    /// <summary>JSON path (<c>$.Election[0].Contest[3]</c>) or XML path (<c>/ElectionReport/Election[1]/Contest[4]</c>).</summary>
    public abstract string Path { get; }

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

    public abstract string ChildPath(string name);
}
