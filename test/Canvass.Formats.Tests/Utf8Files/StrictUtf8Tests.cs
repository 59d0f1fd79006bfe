using System.Text;
using Canvass.Formats.Common;

namespace Canvass.Formats.Tests.Utf8Files;

public sealed class StrictUtf8Tests
{
    [Theory]
    [InlineData(new byte[] { }, -1)]
    [InlineData(new byte[] { (byte)'a', (byte)'b' }, -1)]
    [InlineData(new byte[] { (byte)'a', 0xC3, 0xA9, (byte)'b' }, -1)] // é
    [InlineData(new byte[] { (byte)'a', 0xE9, (byte)'b' }, 1)] // é in Windows-1252
    [InlineData(new byte[] { (byte)'a', (byte)'b', 0xC0, 0x80 }, 2)] // an overlong NUL
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 }, 0)] // a surrogate
    [InlineData(new byte[] { (byte)'a', 0xE2, 0x82 }, 1)] // cut off at the end of the file
    [InlineData(new byte[] { 0xFF, 0xFE, (byte)'a', 0 }, 0)] // a UTF-16 byte-order mark
    public void FirstInvalid_finds_the_first_bad_byte(byte[] bytes, int expected) =>
        Assert.Equal(expected, StrictUtf8.FirstInvalid(bytes));

    [Fact]
    public void FirstInvalid_waits_for_the_rest_of_a_sequence_cut_by_a_chunk()
    {
        byte[] bytes = [(byte)'a', 0xE2, 0x82];
        Assert.Equal(-1, StrictUtf8.FirstInvalid(bytes, final: false));
        Assert.Equal(1, StrictUtf8.FirstInvalid(bytes, final: true));
    }

    [Fact]
    public void FirstInvalid_reads_past_its_own_buffer()
    {
        var bytes = Encoding.UTF8.GetBytes(new string('é', 10_000) + "x");
        bytes[^1] = 0x80;
        Assert.Equal(bytes.Length - 1, StrictUtf8.FirstInvalid(bytes));
    }

    [Fact]
    public void Locate_counts_lines_across_chunks_and_characters_split_between_them()
    {
        // Lines of "€\n" (4 bytes), so that the 1 MiB chunks end inside a character, then a bad byte 3 MB in.
        const int Lines = 800_000;
        var text = new StringBuilder(Lines * 2);
        for (var i = 0; i < Lines; i++)
        {
            text.Append("€\n");
        }

        var bytes = Encoding.UTF8.GetBytes(text.Append("ok, then \n bad").ToString());
        var bad = bytes.Length - 3;
        bytes[bad] = 0xFF;
        using var stream = new MemoryStream(bytes);
        stream.Seek(12_345, SeekOrigin.Begin); // where a reader had got to
        Assert.Equal((Lines + 2L, (long)bad), StrictUtf8.Locate(stream));

        using var valid = new MemoryStream(Encoding.UTF8.GetBytes(text.ToString()));
        Assert.Null(StrictUtf8.Locate(valid));
    }

    [Fact]
    public void Problem_says_where_it_can_and_how_far_the_reader_got_where_it_cannot()
    {
        var bytes = Encoding.UTF8.GetBytes("a\nb\nc?\n");
        bytes[5] = 0xE9;
        using var seekable = new MemoryStream(bytes);
        Assert.Equal((3L, "The file is not valid UTF-8 (byte offset 5, line 3); save it as UTF-8 and import again."), StrictUtf8.Problem(seekable, 2));

        using var forwardOnly = new ForwardOnly(bytes);
        Assert.Equal((2L, "The file is not valid UTF-8 at or after line 2; save it as UTF-8 and import again."), StrictUtf8.Problem(forwardOnly, 2));
    }

    private sealed class ForwardOnly(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
