using Canvass.Domain.Ballots;
using Canvass.Domain.Elections;

namespace Canvass.Storage;

/// <summary>One cast vote record's fields as <see cref="IBallotImport.Add(in BallotFields, long)"/> takes them: the same
/// fields as <see cref="StoredBallot"/>, with the ballot id and marks as spans, so an importer can add ballots straight
/// from its own buffers without a string or an object per ballot. Valid only while the spans are.</summary>
/// <remarks>With <see cref="MarkParts"/>, the marks' text may be left empty: stores and encoders copy each part's UTF-8 from
/// <see cref="PartTable"/>, and <see cref="Marks"/> joins the parts' text only when asked.</remarks>
public readonly ref struct BallotFields
{
    private readonly ReadOnlySpan<char> _marks;

    /// <summary>Initializes the fields.</summary>
    /// <param name="ballotId">Unique in the store.</param>
    /// <param name="county">Counting jurisdiction id.</param>
    /// <param name="precinct">Precinct id, if the source gives one.</param>
    /// <param name="batchId">Scan batch, if known.</param>
    /// <param name="voteMethod">How the ballot was cast.</param>
    /// <param name="ballotStyle">Ballot style id, if the source gives one.</param>
    /// <param name="marks">The marks in <see cref="Canvass.Domain.Ballots.BallotEncoding"/> form; may be empty when
    /// <paramref name="markParts"/> gives them.</param>
    /// <param name="markParts">The numbers in <paramref name="partTable"/> of the <c>;</c>-separated parts of
    /// <paramref name="marks"/>, in order, when the reader numbered them (a store may then skip splitting the text).</param>
    /// <param name="partTable">The table the part numbers refer to.</param>
    /// <param name="ballotIdUtf8">The UTF-8 of <paramref name="ballotId"/>, when the caller has it already (a store then
    /// does not encode the id again).</param>
    public BallotFields(ReadOnlySpan<char> ballotId, string county, string? precinct, string? batchId, CountItemType voteMethod, string? ballotStyle, ReadOnlySpan<char> marks,
        ReadOnlySpan<int> markParts = default, MarkPartTable? partTable = null, ReadOnlySpan<byte> ballotIdUtf8 = default)
    {
        BallotIdUtf8 = ballotIdUtf8;
        MarkParts = partTable is null ? default : markParts;
        PartTable = partTable;
        BallotId = ballotId;
        County = county;
        Precinct = precinct;
        BatchId = batchId;
        VoteMethod = voteMethod;
        BallotStyle = ballotStyle;
        _marks = marks;
    }

    /// <summary>Initializes the fields of a stored ballot.</summary>
    /// <param name="ballot">The ballot.</param>
    public BallotFields(StoredBallot ballot)
        : this(ballot.BallotId, ballot.County, ballot.Precinct, ballot.BatchId, ballot.VoteMethod, ballot.BallotStyle, ballot.Marks)
    {
    }

    /// <summary>Gets the ballot id.</summary>
    public ReadOnlySpan<char> BallotId { get; }

    /// <summary>Gets the UTF-8 of <see cref="BallotId"/>, or an empty span when the caller did not give it.</summary>
    public ReadOnlySpan<byte> BallotIdUtf8 { get; }

    /// <summary>Gets the county id.</summary>
    public string County { get; }

    /// <summary>Gets the precinct id, or null.</summary>
    public string? Precinct { get; }

    /// <summary>Gets the scan batch, or null.</summary>
    public string? BatchId { get; }

    /// <summary>Gets how the ballot was cast.</summary>
    public CountItemType VoteMethod { get; }

    /// <summary>Gets the ballot style id, or null.</summary>
    public string? BallotStyle { get; }

    /// <summary>Gets the marks: the text given, or else the text of <see cref="MarkParts"/> joined (a new string on each
    /// call).</summary>
    public ReadOnlySpan<char> Marks => _marks.IsEmpty && !MarkParts.IsEmpty ? PartTable!.Join(MarkParts) : _marks;

    /// <summary>Gets the numbers of the parts of <see cref="Marks"/> in <see cref="PartTable"/>, or an empty span.</summary>
    public ReadOnlySpan<int> MarkParts { get; }

    /// <summary>Gets the table <see cref="MarkParts"/> refers to, or null.</summary>
    public MarkPartTable? PartTable { get; }

    /// <summary>Copies the fields into a <see cref="StoredBallot"/>.</summary>
    /// <returns>The ballot.</returns>
    public StoredBallot ToStored() => new(BallotId.ToString(), County, Precinct, BatchId, VoteMethod, BallotStyle, Marks.ToString());
}
