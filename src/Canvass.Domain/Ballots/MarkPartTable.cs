namespace Canvass.Domain.Ballots;

/// <summary>Numbers the distinct parts of encoded marks (<c>contest=selection|selection</c>, the text between two
/// <c>;</c> in <see cref="BallotEncoding.EncodeMarks"/>) that one import meets, so that the stages after the reader can
/// refer to a part by its number instead of hashing its text again.</summary>
/// <remarks>Append-only, with one writer: the reader adds parts, and other threads read the numbers of parts they were
/// handed through a synchronizing hand-off (such as a channel). It stops taking parts at <see cref="Capacity"/>, so a
/// file whose cells are nearly all different cannot make it grow without bound; readers then hand over the marks as
/// text only.</remarks>
public sealed class MarkPartTable
{
    /// <summary>The most parts a table holds.</summary>
    public const int Capacity = 1 << 18;

    private const int ChunkBits = 12;
    private const int ChunkSize = 1 << ChunkBits;

    private readonly string[][] _chunks = new string[Capacity / ChunkSize][];
    private int _count;

    /// <summary>Gets how many parts were added.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Gets whether the table is full.</summary>
    public bool IsFull => _count == Capacity;

    /// <summary>Gets the text of part <paramref name="part"/>.</summary>
    /// <param name="part">A number <see cref="Add"/> returned.</param>
    public string this[int part] => _chunks[part >> ChunkBits][part & (ChunkSize - 1)];

    /// <summary>Adds a part (the writer only) and returns its number.</summary>
    /// <param name="text">The part's text, such as <c>k-gov=s-1</c>.</param>
    /// <returns>Its number.</returns>
    /// <exception cref="InvalidOperationException">The table is full.</exception>
    public int Add(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (IsFull)
        {
            throw new InvalidOperationException("The mark part table is full.");
        }

        var part = _count;
        var chunk = _chunks[part >> ChunkBits] ??= new string[ChunkSize];
        chunk[part & (ChunkSize - 1)] = text;
        Volatile.Write(ref _count, part + 1);
        return part;
    }
}
