using System.Text;

namespace Canvass.Formats.Tests.Utf8Files;

/// <summary>Files with one byte that is not UTF-8, and the line it is on.</summary>
internal static class BadBytes
{
    /// <summary><paramref name="text"/> as UTF-8 with the first byte of the first <paramref name="marker"/> replaced
    /// by 0xE9 (an 'é' in Windows-1252), and that byte's line.</summary>
    public static (byte[] Bytes, long Line) At(string text, string marker)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var at = bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(marker));
        Assert.True(at >= 0, $"'{marker}' is not in the text");
        bytes[at] = 0xE9;
        return (bytes, 1 + bytes.AsSpan(0, at).Count((byte)'\n'));
    }
}
