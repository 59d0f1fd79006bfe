namespace Canvass.Formats.Nist.ElectionReport;

/// <summary>Writes ElectionReport structure to one encoding. The caller writes fields in XSD sequence order, which
/// is also valid JSON (where order does not matter).</summary>
internal interface IErrSink
{
    void StartRoot();

    void EndRoot();

    /// <summary>Starts a repeated property (JSON array; XML repeated elements).</summary>
    void StartList(string name);

    void EndList();

    /// <summary>Starts an object in the current list. <paramref name="isAbstract"/> adds <c>xsi:type</c> in XML.</summary>
    void StartItem(string type, bool isAbstract, string? id);

    void EndItem();

    void String(string name, string value);

    void Integer(string name, long value);

    /// <summary>A number that may have a fractional part (an <c>xsd:double</c>, a JSON <c>number</c>).</summary>
    void Number(string name, decimal value);

    void Boolean(string name, bool value);

    /// <summary>An <c>…Ids</c> list: JSON array, XML space-separated IDREFS. Nothing is written for an empty list.</summary>
    void IdRefs(string name, IReadOnlyList<string> ids);

    void IntlText(string name, string text);

    void Flush();
}
