using System.Buffers;
using System.Text.Json;
using System.Text.Unicode;

namespace Canvass.Formats.Common;

/// <summary>Pulls JSON tokens from a stream of any size through a bounded buffer with <see cref="Utf8JsonReader"/>, and
/// hands out one whole value (such as one element of a large array) at a time.</summary>
/// <remarks>Memory is bounded by the largest single value asked for with <see cref="TryReadValue"/> or skipped, not by
/// the file. Invalid UTF-8 and malformed JSON end the read; <see cref="Error"/> says why and <see cref="Line"/> where.</remarks>
internal sealed class JsonChunkReader : IDisposable
{
    private readonly Stream _stream;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
    private int _start;
    private int _end;
    private int _validated;
    private bool _final;
    // Comments are not JSON (RFC 8259): refused, as the election definition's reader refuses them.
    private JsonReaderState _state = new(new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
    private long _line = 1;
    private long _totalRead;

    public JsonChunkReader(Stream stream) => _stream = stream;

    /// <summary>Problem code when reading stopped on bad input.</summary>
    public string? Error { get; private set; }

    public string? ErrorMessage { get; private set; }

    /// <summary>The 1-based line of the next unread byte (or of the error).</summary>
    public long Line => _line;

    /// <summary>True when the stream held no bytes at all.</summary>
    public bool IsEmpty { get; private set; }

    public JsonTokenType TokenType { get; private set; }

    /// <summary>The string value of the last property name or string token.</summary>
    public string? String { get; private set; }

    /// <summary>Reads the next token. Returns false at the end of input or on an error.</summary>
    public bool Read()
    {
        while (Error is null && !IsEmpty)
        {
            var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _validated - _start), _final && _validated == _end, _state);
            try
            {
                if (reader.Read())
                {
                    TokenType = reader.TokenType;
                    String = reader.TokenType is JsonTokenType.PropertyName or JsonTokenType.String ? reader.GetString() : null;
                    Advance(ref reader);
                    return true;
                }
            }
            catch (JsonException e)
            {
                Fail(ProblemCodesMalformed, e);
                return false;
            }
            catch (InvalidOperationException)
            {
                // GetString of a string whose \u escapes leave a surrogate unpaired.
                Error = ProblemCodesMalformed;
                ErrorMessage = JsonMessages.LoneSurrogate;
                _line += _buffer.AsSpan(_start, (int)reader.TokenStartIndex).Count((byte)'\n');
                return false;
            }

            if (_final && _validated == _end)
            {
                return false;
            }

            Fill();
        }

        return false;
    }

    /// <summary>Reads the next whole value (object, array or primitive) and returns its bytes, valid until the next call.</summary>
    public bool TryReadValue(out ReadOnlyMemory<byte> value, out long line)
    {
        value = default;
        line = _line;
        while (Error is null && !IsEmpty)
        {
            var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _validated - _start), _final && _validated == _end, _state);
            try
            {
                if (reader.Read())
                {
                    var from = (int)reader.TokenStartIndex;
                    TokenType = reader.TokenType;
                    if (reader.TrySkip())
                    {
                        var to = (int)reader.BytesConsumed;
                        line = _line + _buffer.AsSpan(_start, from).Count((byte)'\n');
                        value = _buffer.AsMemory(_start + from, to - from);
                        Advance(ref reader);
                        return true;
                    }
                }
            }
            catch (JsonException e)
            {
                Fail(ProblemCodesMalformed, e);
                return false;
            }

            if (_final && _validated == _end)
            {
                Error = ProblemCodesMalformed;
                ErrorMessage = "The file ends in the middle of a value.";
                return false;
            }

            Fill();
        }

        return false;
    }

    /// <summary>Skips the value that follows a property name, or the rest of a just-started object or array.</summary>
    public bool Skip() => TryReadValue(out _, out _);

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    private const string ProblemCodesMalformed = Domain.ProblemCodes.Malformed;

    private void Advance(ref Utf8JsonReader reader)
    {
        var consumed = (int)reader.BytesConsumed;
        _line += _buffer.AsSpan(_start, consumed).Count((byte)'\n');
        _start += consumed;
        _state = reader.CurrentState;
    }

    private void Fail(string code, JsonException e)
    {
        Error = code;
        ErrorMessage = JsonMessages.WithoutPosition(e);

        // The reader's state carries the line count across chunks, so the exception's line is the file's (from 0).
        _line = e.LineNumber is { } line ? line + 1 : _line;
    }

    private void Fill()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _validated -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(checked(_buffer.Length * 2));
            _buffer.AsSpan(0, _end).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }

        if (!_final)
        {
            var n = _stream.Read(_buffer, _end, _buffer.Length - _end);
            if (n == 0)
            {
                _final = true;
                IsEmpty = _totalRead == 0;
            }

            _end += n;
            if (_totalRead == 0 && _end >= 3 && _buffer[0] == 0xEF && _buffer[1] == 0xBB && _buffer[2] == 0xBF)
            {
                _start = _validated = 3;
            }

            _totalRead += n;
        }

        var pending = _buffer.AsSpan(_validated, _end - _validated);
        var complete = _final ? pending.Length : StrictUtf8.CompletePrefixLength(pending);
        if (!Utf8.IsValid(pending[..complete]))
        {
            var bad = _validated + StrictUtf8.FirstInvalid(pending[..complete]);
            _line += _buffer.AsSpan(_start, bad - _start).Count((byte)'\n');
            Error = Domain.ProblemCodes.NotUtf8;
            ErrorMessage = $"The file is not valid UTF-8 (byte offset {_totalRead - _end + bad}, line {_line}); save it as UTF-8 and import again.";
            return;
        }

        _validated += complete;
    }
}
