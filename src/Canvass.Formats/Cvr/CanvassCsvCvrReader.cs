using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Text;
using Canvass.Domain;
using Canvass.Domain.Ballots;
using Canvass.Domain.Elections;
using Canvass.Formats.Common;
using nietras.SeparatedValues;

namespace Canvass.Formats.Cvr;

/// <summary>Reads the Canvass CSV cast-vote-record format (see <c>docs/formats.md</c>).</summary>
/// <remarks>
/// <para>Columns <c>ballot_id</c>, <c>county</c> and <c>vote_method</c> are required; <c>precinct</c>, <c>batch</c> and
/// <c>ballot_style</c> are optional (names compared case-insensitively). Every other column is a contest id of the
/// election (compared ordinally). A cell holds selection ids separated by <c>|</c>; in a ranked-choice contest ranks are
/// separated by <c>&gt;</c>.</para>
/// <para>Duplicate ballot ids within one file are not detected here (that needs memory proportional to the file); the
/// store's unique key on the ballot id rejects them, within and across files.</para>
/// </remarks>
/// <threadsafety>Stateless; safe to share.</threadsafety>
public sealed class CanvassCsvCvrReader : ICvrReader
{
    private static readonly string[] FixedColumns = ["ballot_id", "county", "precinct", "batch", "vote_method", "ballot_style"];

    /// <summary>The vote methods a ballot may carry: the NIST names, without <c>total</c>, <c>write-in</c> and
    /// <c>seats</c>, which describe counts rather than ballots.</summary>
    private static readonly SpanLookup Methods = new(CountItemTypes.All.Select(t =>
        t is CountItemType.Total or CountItemType.WriteIn or CountItemType.Seats ? "\0" + t.ToNistName() : t.ToNistName()));

    /// <inheritdoc />
    public string Format => "canvass-csv";

    /// <inheritdoc />
    /// <remarks>Most rows take a short path that checks the row and writes its stored form straight from the CSV fields: a
    /// cell of a contest that is not ranked already is that contest's marks once every selection in it is checked. A row
    /// that path does not accept (a ranked cell, or any problem) is read by <see cref="Read"/>'s own code, which gives
    /// the same ballot or lists the row's problems.</remarks>
    public void ReadRows(Stream stream, ElectionIndex election, ProblemList problems, CvrRowSink sink, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(election);
        ArgumentNullException.ThrowIfNull(sink);
        foreach (var row in Rows(stream, election, problems, ct))
        {
            if (row.TryParseStored(sink))
            {
                continue;
            }

            var ballot = row.ParseCurrent(out var line);
            if (ballot is not null)
            {
                var stored = new CvrRow(CvrBallot.From(new CvrRecord(ballot, line), election.Definition));
                sink(in stored);
            }
        }
    }

    /// <inheritdoc />
    public IEnumerable<CvrRecord> Read(Stream stream, ElectionIndex election, ProblemList problems, CancellationToken ct = default)
    {
        foreach (var row in Rows(stream, election, problems, ct))
        {
            var ballot = row.ParseCurrent(out var line);
            if (ballot is not null)
            {
                yield return new CvrRecord(ballot, line);
            }
        }
    }

    /// <summary>The reader's state at each data row in turn, after the header was read and checked.</summary>
    private static IEnumerable<State> Rows(Stream stream, ElectionIndex election, ProblemList problems, CancellationToken ct)
    {
        using var text = StrictUtf8.CreateReader(stream);
        var state = new State(new ElectionLookups(election), problems, stream);
        if (!state.Open(text))
        {
            yield break;
        }

        try
        {
            while (state.MoveNext())
            {
                ct.ThrowIfCancellationRequested();
                yield return state;
            }
        }
        finally
        {
            state.Dispose();
        }
    }

    private sealed class State(ElectionLookups lookups, ProblemList problems, Stream stream) : IDisposable
    {
        /// <summary>For ballots of one unit and style: whether each contest column is on the ballot, and the contests
        /// carried.</summary>
        private sealed record Carried(bool[] OnBallot, ImmutableArray<int> Contests);

        private readonly List<Mark> _marks = [];
        private readonly List<ContestMarks> _contests = [];

        // Most cells mark one selection (at rank 1 in a ranked contest): their marks are shared, not allocated per ballot.
        private readonly ImmutableArray<Mark>?[][] _single = [.. lookups.Index.Definition.Contests.Select(c => new ImmutableArray<Mark>?[c.Selections.Length])];

        // The short path of ReadRows: which contests are ranked, the contests a ballot of a unit and style carries, and
        // buffers reused from row to row.
        private readonly bool[] _ranked = [.. lookups.Index.Definition.Contests.Select(c => c.VoteVariation == VoteVariation.Rcv)];
        // By unit and style, as one 64-bit key (a primitive key hashes and compares faster than a tuple, and the unit changes
        // from one row to the next in a file that is not sorted by unit); only the pairs met are kept.
        private readonly Dictionary<long, Carried> _carried = [];
        private (int Unit, int Style) _lastKey = (int.MinValue, int.MinValue);
        private Carried _last = new([], []);

        // Each contest column's "contest-id=", the start of its part of the marks; the numbers of the parts met so far
        // (each a cell already checked), by column and cell text; the number of each column's empty part, or -1.
        private readonly MarkPartTable _parts = new();
        private char[][] _prefixes = [];
        private CellNumbers[] _cellParts = [];
        private int[] _emptyParts = [];
        private int[] _rowParts = [];
        private char[] _chars = new char[512];
        private int[] _selections = new int[16];
        private SepReader? _reader;
        private string[] _names = [];
        private int _ballotCol = -1;
        private int _countyCol = -1;
        private int _precinctCol = -1;
        private int _batchCol = -1;
        private int _methodCol = -1;
        private int _styleCol = -1;
        private (int Col, int Contest)[] _contestCols = [];
        private long _lastLine = 1;
        private long _headerLine = 1;
        private string? _lastBatch;

        // The current row's fields with their quotes taken off, when the row holds a quote (null: every field is as
        // written); a field that breaks RFC 4180's quoting is null in it, its problem already listed.
        private string?[]? _unquoted;

        public bool Open(TextReader text)
        {
            try
            {
                if (text.Peek() < 0)
                {
                    problems.Add(ProblemCodes.EmptyFile, "The file is empty; a header row is required.");
                    return false;
                }

                // Fields come as written, quotes and all: Sep's unescaping is lenient (it reads "X"1 as X1), and RFC 4180's
                // rule is checked here instead, on the rare row that holds a quote (Unquote).
                _reader = Sep.New(',').Reader(o => o with { HasHeader = false, Unescape = false, DisableColCountCheck = true })
                    .From(text);
                if (!HeaderedCsv.MoveToHeader(_reader, problems, out _headerLine))
                {
                    return false;
                }

                return ReadHeader(_reader.Current);
            }
            catch (DecoderFallbackException)
            {
                NotUtf8(1);
                return false;
            }
            catch (InvalidDataException e)
            {
                problems.Add(ProblemCodes.Malformed, "The header row is not valid CSV: " + e.Message, 1);
                return false;
            }
            catch (NotSupportedException)
            {
                problems.Add(ProblemCodes.Malformed, HeaderedCsv.TooLongMessage, 1);
                return false;
            }
        }

        public bool MoveNext()
        {
            try
            {
                var more = _reader!.MoveNext();
                if (more)
                {
                    _lastLine = _reader.Current.LineNumberFrom;
                }

                return more;
            }
            catch (DecoderFallbackException)
            {
                NotUtf8(_lastLine + 1);
                return false;
            }
            catch (InvalidDataException e)
            {
                problems.Add(ProblemCodes.Malformed, "Broken CSV quoting (a quote is never closed, or the file is cut off): " + e.Message, _lastLine + 1);
                return false;
            }
            catch (NotSupportedException)
            {
                problems.Add(ProblemCodes.Malformed, HeaderedCsv.TooLongMessage, _lastLine + 1);
                return false;
            }
        }

        public void Dispose() => _reader?.Dispose();

        private void NotUtf8(long lineReached)
        {
            var (line, message) = StrictUtf8.Problem(stream, lineReached);
            problems.Add(ProblemCodes.NotUtf8, message, line);
        }

        /// <summary>The short path: hands the current row's stored form to <paramref name="sink"/> when every field checks
        /// and no contest cell is ranked; false (with nothing recorded) otherwise, and the caller reads the row with
        /// <see cref="ParseCurrent"/>.</summary>
        public bool TryParseStored(CvrRowSink sink)
        {
            // Each field is taken from the row once, and the rare paths (a unit and style not met before, a cell not met
            // before, a row whose parts cannot all be numbered) are methods of their own: inlined, each copy of Sep's
            // field access and each branch's temporaries widened this method's stack frame, which every row cleared.
            var row = _reader!.Current;
            // A quote or a NUL anywhere in the row sends it to the slow path (NUL: no PostgreSQL text column can keep it).
            if (row.ColCount != _names.Length || row.Span.IndexOfAny('"', '\0') >= 0)
            {
                return false;
            }

            var id = row[_ballotCol].Span;
            if (id.IsEmpty || !lookups.Units.TryGet(row[_countyCol].Span, out var county) || !Methods.TryGet(row[_methodCol].Span, out var method))
            {
                return false;
            }

            var precinct = -1;
            if (_precinctCol >= 0)
            {
                var text = row[_precinctCol].Span;
                if (!text.IsEmpty && !lookups.Units.TryGet(text, out precinct))
                {
                    return false;
                }
            }

            var style = -1;
            if (_styleCol >= 0)
            {
                var text = row[_styleCol].Span;
                if (!text.IsEmpty && !lookups.Styles.TryGet(text, out style))
                {
                    return false;
                }
            }

            var batch = _batchCol < 0 ? null : Batch(row[_batchCol].Span);
            var unit = precinct >= 0 ? precinct : county;

            // The county is a county, and the precinct lies in it: tabulation and the results' double-count check both
            // attribute a unit to the county the election's graph gives it.
            if (lookups.Index.CountyOf(unit) != county)
            {
                return false;
            }

            if (unit != _lastKey.Unit || style != _lastKey.Style)
            {
                Carry(unit, style);
            }

            // A cell met before was checked then; a new one is checked and numbered. The marks' text is built only when a
            // part could not be numbered (the table is full): numbered parts are all the later stages need.
            var parts = 0;
            var numbered = true;
            var onBallot = _last.OnBallot;
            var contestCols = _contestCols;
            var rowParts = _rowParts;
            for (var k = 0; k < contestCols.Length; k++)
            {
                var cell = row[contestCols[k].Col].Span;
                if (!onBallot[k])
                {
                    if (!cell.IsEmpty)
                    {
                        return false;
                    }

                    continue;
                }

                int part;
                if (cell.IsEmpty)
                {
                    part = _emptyParts[k];
                    if (part < 0)
                    {
                        part = NumberEmpty(k);
                    }
                }
                else if (!_cellParts[k].TryGet(cell, out part) && !TryNumberNew(k, cell, out part))
                {
                    return false;
                }

                numbered &= part >= 0;
                rowParts[parts++] = part;
            }

            var ballot = new CvrRow(id, county, precinct, batch, (CountItemType)method, style, numbered ? default : MarksText(row, onBallot), _last.Contests, row.LineNumberFrom,
                numbered ? rowParts.AsSpan(0, parts) : default, numbered ? _parts : null);
            sink(in ballot);
            return true;
        }

        /// <summary>Makes the contests of ballots of <paramref name="unit"/> and <paramref name="style"/> the current
        /// ones.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private void Carry(int unit, int style)
        {
            var pair = ((long)unit << 32) | (uint)(style + 1);
            if (!_carried.TryGetValue(pair, out var carried))
            {
                var eligible = lookups.Index.ContestsOnBallot(unit, style);
                carried = _carried[pair] = new Carried([.. _contestCols.Select(c => eligible[c.Contest])], [.. _contestCols.Where(c => eligible[c.Contest]).Select(c => c.Contest)]);
            }

            _last = carried;
            _lastKey = (unit, style);
        }

        /// <summary>The number of contest column <paramref name="k"/>'s empty part, numbered now; -1 if the table is
        /// full.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private int NumberEmpty(int k)
        {
            if (_parts.TryAdd(new string(_prefixes[k]), out var part))
            {
                _emptyParts[k] = part;
            }

            return part;
        }

        /// <summary>Checks a cell of contest column <paramref name="k"/> not met before and numbers it (-1 if the table
        /// is full); false when the short path cannot take it (a ranked contest, or a cell that is not the marks as they
        /// stand).</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private bool TryNumberNew(int k, ReadOnlySpan<char> cell, out int part)
        {
            var contest = _contestCols[k].Contest;
            if (_ranked[contest] || !PlainSelections(cell, contest))
            {
                part = -1;
                return false;
            }

            if (_parts.TryAdd(string.Concat(_prefixes[k], cell), out part))
            {
                _cellParts[k].Add(cell.ToString(), part);
            }

            return true;
        }

        /// <summary>The marks of the current row, whose cells were checked: each contest on the ballot as its
        /// <c>contest-id=</c> and its cell, separated by <c>;</c>.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private ReadOnlySpan<char> MarksText(SepReader.Row row, bool[] onBallot)
        {
            var length = 0;
            for (var k = 0; k < _contestCols.Length; k++)
            {
                if (!onBallot[k])
                {
                    continue;
                }

                var prefix = _prefixes[k];
                var cell = row[_contestCols[k].Col].Span;
                var needed = length + 1 + prefix.Length + cell.Length;
                if (needed > _chars.Length)
                {
                    Array.Resize(ref _chars, Math.Max(needed, _chars.Length * 2));
                }

                if (length > 0)
                {
                    _chars[length++] = ';';
                }

                prefix.CopyTo(_chars, length);
                length += prefix.Length;
                cell.CopyTo(_chars.AsSpan(length));
                length += cell.Length;
            }

            return _chars.AsSpan(0, length);
        }

        /// <summary>The batch of a row whose batch column holds <paramref name="span"/>, or null; one string for consecutive
        /// rows of the same batch.</summary>
        private string? Batch(ReadOnlySpan<char> span)
        {
            if (span.IsEmpty)
            {
                return null;
            }

            if (_lastBatch is null || !span.SequenceEqual(_lastBatch))
            {
                _lastBatch = span.ToString();
            }

            return _lastBatch;
        }

        /// <summary>Whether a cell of a contest that is not ranked is its marks as they stand: selection ids of the contest
        /// separated by <c>|</c>, none twice.</summary>
        private bool PlainSelections(ReadOnlySpan<char> cell, int contest)
        {
            var special = cell.IndexOfAny('|', '>');
            if (special < 0)
            {
                // One selection, the usual cell.
                return lookups.Selections[contest].TryGet(cell, out _);
            }

            if (cell[special] == '>' || cell[special..].Contains('>'))
            {
                return false;
            }

            var count = 0;
            foreach (var range in cell.Split('|'))
            {
                if (!lookups.Selections[contest].TryGet(cell[range], out var selection))
                {
                    return false;
                }

                if (count == _selections.Length)
                {
                    Array.Resize(ref _selections, count * 2);
                }

                for (var i = 0; i < count; i++)
                {
                    if (_selections[i] == selection)
                    {
                        return false;
                    }
                }

                _selections[count++] = selection;
            }

            return true;
        }

        public CastVoteRecord? ParseCurrent(out long line)
        {
            var row = _reader!.Current;
            line = row.LineNumberFrom;
            if (HeaderedCsv.IsBlank(row))
            {
                return null;
            }

            if (row.ColCount != _names.Length)
            {
                HeaderedCsv.AddWidthProblem(row, _names.Length, _names, line, problems);
                return null;
            }

            var before = problems.Count;
            _unquoted = null;
            if (row.Span.Contains('"'))
            {
                Unquote(row, line);
            }

            if (Field(row, _ballotCol, out var ballotId) && ballotId.IsEmpty)
            {
                problems.Add(ProblemCodes.BadValue, "The ballot id is empty.", line, _names[_ballotCol]);
            }
            else if (ballotId.Contains('\0'))
            {
                problems.Add(ProblemCodes.BadValue, CvrText.NulMessage("ballot id"), line, _names[_ballotCol]);
            }

            var beforePlace = problems.Count;
            var county = Field(row, _countyCol, out var countyText) ? Unit(countyText, line, _countyCol, required: true) : -1;
            var precinctOk = true;
            var precinct = -1;
            if (_precinctCol >= 0)
            {
                precinctOk = Field(row, _precinctCol, out var precinctText);
                precinct = precinctOk ? Unit(precinctText, line, _precinctCol, required: false) : -1;
            }

            if (county >= 0 && lookups.Index.CountyOf(county) != county)
            {
                var units = lookups.Index.Definition.GpUnits;
                var within = lookups.Index.CountyOf(county);
                problems.Add(ProblemCodes.Inconsistent,
                    $"'{units[county].Id}' is a {units[county].Type}, not a county: this column names the county that counted the ballot ('{units[within].Id}'), and 'precinct' the unit within it.",
                    line, _names[_countyCol]);
            }
            else if (county >= 0 && precinct >= 0 && lookups.Index.CountyOf(precinct) != county)
            {
                var units = lookups.Index.Definition.GpUnits;
                problems.Add(ProblemCodes.Inconsistent,
                    $"'{units[precinct].Id}' lies in '{units[lookups.Index.CountyOf(precinct)].Id}', not in '{units[county].Id}'.",
                    line, _names[_precinctCol]);
            }

            var placed = county >= 0 && precinctOk && problems.Count == beforePlace;
            var method = CountItemType.Other;
            if (!Field(row, _methodCol, out var methodSpan))
            {
                // Its problem is listed.
            }
            else if (Methods.TryGet(methodSpan, out var m))
            {
                method = (CountItemType)m;
            }
            else
            {
                problems.Add(ProblemCodes.BadValue, $"'{methodSpan}' is not a ballot vote method; use a NIST name such as election-day, early, absentee-mail or provisional.", line, _names[_methodCol]);
            }

            var style = -1;
            if (_styleCol >= 0)
            {
                if (!Field(row, _styleCol, out var styleText))
                {
                    placed = false;
                }
                else if (!styleText.IsEmpty && !lookups.Styles.TryGet(styleText, out style))
                {
                    problems.Add(ProblemCodes.UnknownReference, $"'{styleText}' is not a ballot style of the election.", line, _names[_styleCol]);
                    style = -1;
                    placed = false;
                }
            }

            string? batch = null;
            if (_batchCol >= 0 && Field(row, _batchCol, out var batchText))
            {
                if (batchText.Contains('\0'))
                {
                    problems.Add(ProblemCodes.BadValue, CvrText.NulMessage("batch"), line, _names[_batchCol]);
                }

                batch = Batch(batchText);
            }

            // The marks are checked even when the row already has a problem, so that one run lists every problem (as the
            // NIST reader does); whether a contest is on the ballot only once the ballot's unit and style are known.
            var onBallot = placed ? lookups.Index.ContestsOnBallot(precinct >= 0 ? precinct : county, style) : null;
            _contests.Clear();
            foreach (var (col, contest) in _contestCols)
            {
                if (!Field(row, col, out var cell))
                {
                    continue;
                }

                if (cell.IsEmpty)
                {
                    if (onBallot is not null && onBallot[contest])
                    {
                        _contests.Add(new ContestMarks(contest, []));
                    }

                    continue;
                }

                if (onBallot is not null && !onBallot[contest])
                {
                    problems.Add(ProblemCodes.ContestNotOnBallot, lookups.Index.WhyNotOnBallot(contest, precinct >= 0 ? precinct : county, style), line, _names[col]);
                    continue;
                }

                if (ParseMarks(cell, contest, line, col))
                {
                    _contests.Add(new ContestMarks(contest, Marks(contest)));
                }
            }

            if (problems.Count != before)
            {
                return null;
            }

            return new CastVoteRecord(ballotId.ToString(), county, precinct, batch, method, style, [.. _contests]);
        }

        /// <summary>Takes the quotes off every field of a row that holds a quote, as RFC 4180 has them (a field is free of
        /// quotes or wholly quoted, each quote inside doubled), listing each field that breaks the rule.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private void Unquote(SepReader.Row row, long line)
        {
            _unquoted = new string?[row.ColCount];
            for (var col = 0; col < _unquoted.Length; col++)
            {
                _unquoted[col] = HeaderedCsv.Text(row, col, line, _names[col], problems);
            }
        }

        /// <summary>Field <paramref name="col"/> of the current row, its quotes taken off; false when it breaks the quoting
        /// rule (its problem is listed, and no check of it would say more).</summary>
        private bool Field(SepReader.Row row, int col, out ReadOnlySpan<char> text)
        {
            if (_unquoted is null)
            {
                text = row[col].Span;
                return true;
            }

            var field = _unquoted[col];
            text = field;
            return field is not null;
        }

        private ImmutableArray<Mark> Marks(int contest)
        {
            if (_marks.Count == 1 && _marks[0].Rank <= 1)
            {
                ref var shared = ref _single[contest][_marks[0].Selection];
                shared ??= [_marks[0]];
                if (shared.Value[0] == _marks[0])
                {
                    return shared.Value;
                }
            }

            return [.. _marks];
        }

        private bool ParseMarks(ReadOnlySpan<char> cell, int contest, long line, int col)
        {
            _marks.Clear();
            var ranked = lookups.Index.Definition.Contests[contest].VoteVariation == VoteVariation.Rcv;
            if (!ranked && cell.Contains('>'))
            {
                problems.Add(ProblemCodes.BadValue, "Ranks ('>') are only allowed in a ranked-choice contest.", line, _names[col]);
                return false;
            }

            var ok = true;
            var rank = ranked ? 1 : 0;
            foreach (var segmentRange in cell.Split('>'))
            {
                var segment = cell[segmentRange];
                var rankStart = _marks.Count;
                if (segment.IsEmpty && ranked)
                {
                    rank++;
                    continue;
                }

                foreach (var tokenRange in segment.Split('|'))
                {
                    var token = segment[tokenRange];
                    if (!lookups.Selections[contest].TryGet(token, out var selection))
                    {
                        problems.Add(ProblemCodes.UnknownReference, $"'{token}' is not a selection of this contest.", line, _names[col]);
                        ok = false;
                        continue;
                    }

                    for (var i = rankStart; i < _marks.Count; i++)
                    {
                        if (_marks[i].Selection == selection)
                        {
                            problems.Add(ProblemCodes.BadValue, $"Selection '{token}' is repeated.", line, _names[col]);
                            ok = false;
                        }
                    }

                    _marks.Add(new Mark(selection, rank));
                }

                if (ranked)
                {
                    rank++;
                }
            }

            return ok;
        }

        private int Unit(ReadOnlySpan<char> id, long line, int col, bool required)
        {
            if (id.IsEmpty)
            {
                if (required)
                {
                    problems.Add(ProblemCodes.BadValue, "The county is empty.", line, _names[col]);
                }

                return -1;
            }

            if (lookups.Units.TryGet(id, out var unit))
            {
                return unit;
            }

            problems.Add(ProblemCodes.UnknownReference, $"'{id}' is not a unit of the election.", line, _names[col]);
            return -1;
        }

        private bool ReadHeader(SepReader.Row header)
        {
            _names = new string[header.ColCount];
            var ok = true;
            var contestCols = new List<(int Col, int Contest)>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < _names.Length; i++)
            {
                var name = HeaderedCsv.Text(header, i, _headerLine, header[i].ToString(), problems);
                _names[i] = name ?? header[i].ToString();
                if (name is null)
                {
                    ok = false;
                    continue;
                }

                if (name.Length == 0)
                {
                    // Not "Column ''", and not "appears twice" for a second one: say which column it is.
                    problems.Add(ProblemCodes.UnknownReference,
                        $"Column {i + 1} of the header has no name (a stray or trailing comma?): every column is a fixed column or a contest id of the election.", _headerLine);
                    ok = false;
                    continue;
                }

                var fixedIndex = Array.FindIndex(FixedColumns, f => string.Equals(f, name, StringComparison.OrdinalIgnoreCase));

                // Fixed column names are case-insensitive; contest ids, like all NIST ids, are not.
                if (!seen.Add(fixedIndex >= 0 ? FixedColumns[fixedIndex] : name))
                {
                    problems.Add(ProblemCodes.Malformed, $"Column '{name}' appears twice in the header.", _headerLine, name);
                    ok = false;
                    continue;
                }

                switch (fixedIndex)
                {
                    case 0: _ballotCol = i; break;
                    case 1: _countyCol = i; break;
                    case 2: _precinctCol = i; break;
                    case 3: _batchCol = i; break;
                    case 4: _methodCol = i; break;
                    case 5: _styleCol = i; break;
                    default:
                        if (lookups.Contests.TryGet(name, out var contest))
                        {
                            contestCols.Add((i, contest));
                        }
                        else
                        {
                            problems.Add(ProblemCodes.UnknownReference, $"Column '{name}' is neither a fixed column nor a contest id of the election{NearMiss(name)}.", _headerLine, name);
                            ok = false;
                        }

                        break;
                }
            }

            foreach (var (col, name) in new[] { (_ballotCol, "ballot_id"), (_countyCol, "county"), (_methodCol, "vote_method") })
            {
                if (col < 0)
                {
                    problems.Add(ProblemCodes.Schema, $"The required column '{name}' is missing.", _headerLine, name);
                    ok = false;
                }
            }

            contestCols.Sort((a, b) => a.Contest.CompareTo(b.Contest));
            _contestCols = [.. contestCols];
            _prefixes = [.. contestCols.Select(c => (lookups.Index.Definition.Contests[c.Contest].Id.Value + "=").ToCharArray())];
            _cellParts = [.. contestCols.Select(_ => new CellNumbers())];
            _emptyParts = [.. contestCols.Select(_ => -1)];
            _rowParts = new int[contestCols.Count];
            return ok;
        }

        /// <summary>For an unknown column whose name is a fixed column or a contest id but for spaces around it, or (a
        /// contest id) for its case: what it would be, since no trimming and exact contest ids make it look right.</summary>
        private string NearMiss(string name)
        {
            var trimmed = name.Trim();
            if (trimmed.Length != name.Length && (lookups.Contests.TryGet(trimmed, out _) || Array.Exists(FixedColumns, f => string.Equals(f, trimmed, StringComparison.OrdinalIgnoreCase))))
            {
                return $": it has spaces around '{trimmed}', and spaces are part of a name";
            }

            var contest = lookups.Index.Definition.Contests.FirstOrDefault(c => string.Equals(c.Id.Value, trimmed, StringComparison.OrdinalIgnoreCase));
            return contest is null ? "" : $": contest ids are case-sensitive, and the election's is '{contest.Id}'";
        }
    }
}
