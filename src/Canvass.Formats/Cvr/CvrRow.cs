using System.Collections.Immutable;
using Canvass.Domain.Ballots;
using Canvass.Domain.Elections;

namespace Canvass.Formats.Cvr;

/// <summary>Receives the ballots of <see cref="ICvrReader.ReadRows"/> one at a time.</summary>
/// <param name="row">The ballot; its spans are valid only during the call.</param>
public delegate void CvrRowSink(in CvrRow row);

/// <summary>One cast vote record as a reader hands it to a <see cref="CvrRowSink"/>: the fields of a
/// <see cref="CvrBallot"/>, with the ballot id and marks as spans over the reader's own buffers, so nothing is allocated
/// per ballot. The spans are valid only during the call; keep a ballot with <see cref="ToBallot"/>.</summary>
/// <remarks>A reader that numbers the marks' parts (<see cref="MarkParts"/>) may hand over no text for them: the
/// stages after it copy each part's UTF-8 from the table, and <see cref="Marks"/> joins the parts' text only when asked.</remarks>
public readonly ref struct CvrRow
{
    private readonly ReadOnlySpan<char> _marks;

    /// <summary>Initializes the row.</summary>
    /// <param name="ballotId">The ballot's id.</param>
    /// <param name="county">The county's position in the election.</param>
    /// <param name="precinct">The precinct's position, or -1.</param>
    /// <param name="batchId">The scan batch, if the file gives one.</param>
    /// <param name="voteMethod">How the ballot was cast.</param>
    /// <param name="ballotStyle">The ballot style's position, or -1.</param>
    /// <param name="marks">The marks as <see cref="Canvass.Domain.Ballots.BallotEncoding.EncodeMarks"/> writes them; may be
    /// empty when <paramref name="markParts"/> gives them.</param>
    /// <param name="contests">The positions of the contests the ballot carries, in the order of its marks.</param>
    /// <param name="line">The line (or record number) it was read from.</param>
    /// <param name="markParts">The numbers in <paramref name="partTable"/> of the parts of <paramref name="marks"/>, in order;
    /// empty when the reader did not number them.</param>
    /// <param name="partTable">The table the part numbers refer to.</param>
    public CvrRow(ReadOnlySpan<char> ballotId, int county, int precinct, string? batchId, CountItemType voteMethod, int ballotStyle, ReadOnlySpan<char> marks, ImmutableArray<int> contests, long line,
        ReadOnlySpan<int> markParts = default, MarkPartTable? partTable = null)
    {
        MarkParts = partTable is null ? default : markParts;
        PartTable = partTable;
        BallotId = ballotId;
        County = county;
        Precinct = precinct;
        BatchId = batchId;
        VoteMethod = voteMethod;
        BallotStyle = ballotStyle;
        _marks = marks;
        Contests = contests;
        Line = line;
    }

    /// <summary>Initializes the row of a ballot.</summary>
    /// <param name="ballot">The ballot.</param>
    public CvrRow(CvrBallot ballot)
        : this(ballot.BallotId, ballot.County, ballot.Precinct, ballot.BatchId, ballot.VoteMethod, ballot.BallotStyle, ballot.Marks, ballot.Contests, ballot.Line)
    {
    }

    /// <summary>Gets the ballot's id.</summary>
    public ReadOnlySpan<char> BallotId { get; }

    /// <summary>Gets the county's position in the election.</summary>
    public int County { get; }

    /// <summary>Gets the precinct's position, or -1.</summary>
    public int Precinct { get; }

    /// <summary>Gets the scan batch, or null.</summary>
    public string? BatchId { get; }

    /// <summary>Gets how the ballot was cast.</summary>
    public CountItemType VoteMethod { get; }

    /// <summary>Gets the ballot style's position, or -1.</summary>
    public int BallotStyle { get; }

    /// <summary>Gets the marks: the text the reader handed over, or else the text of <see cref="MarkParts"/> joined (a new
    /// string on each call).</summary>
    public ReadOnlySpan<char> Marks => _marks.IsEmpty && !MarkParts.IsEmpty ? PartTable!.Join(MarkParts) : _marks;

    /// <summary>Gets the positions of the contests the ballot carries (possibly shared between ballots).</summary>
    public ImmutableArray<int> Contests { get; }

    /// <summary>Gets the line (or record number) the ballot was read from.</summary>
    public long Line { get; }

    /// <summary>Gets the numbers in <see cref="PartTable"/> of the <c>;</c>-separated parts of <see cref="Marks"/>, in
    /// order, or an empty span when the reader did not number them.</summary>
    public ReadOnlySpan<int> MarkParts { get; }

    /// <summary>Gets the table <see cref="MarkParts"/> refers to, or null.</summary>
    public MarkPartTable? PartTable { get; }

    /// <summary>Copies the row into a ballot that outlives the call.</summary>
    /// <returns>The ballot.</returns>
    public CvrBallot ToBallot() => new(BallotId.ToString(), County, Precinct, BatchId, VoteMethod, BallotStyle, Marks.ToString(), Contests, Line);
}
