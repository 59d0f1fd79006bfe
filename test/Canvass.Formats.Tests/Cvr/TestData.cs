using System.Runtime.CompilerServices;

namespace Canvass.Formats.Tests.Cvr;

/// <summary>Finds files under TestData/Cvr next to this source file (copies of the NIST 1500-103 examples).</summary>
internal static class TestData
{
    public static string Path(string name, [CallerFilePath] string source = "") =>
        System.IO.Path.Combine(System.IO.Path.GetDirectoryName(source)!, "..", "TestData", "Cvr", name);

    public static byte[] Bytes(string name) => File.ReadAllBytes(Path(name));
}
