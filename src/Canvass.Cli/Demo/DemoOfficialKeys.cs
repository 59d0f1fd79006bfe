using System.Security.Cryptography;
using System.Text;

namespace Canvass.Cli.Demo;

/// <summary>The demo's certifying officials' Ed25519 seeds: SHA-256 of <c>canvass-demo-official:</c> and the official's id.
/// Public knowledge, so that anyone can re-sign the demo; the public keys in rules/*.json are derived from them and must
/// be replaced by the real officials' keys in a real deployment.</summary>
internal static class DemoOfficialKeys
{
    public static byte[] Seed(string official) => SHA256.HashData(Encoding.UTF8.GetBytes("canvass-demo-official:" + official));
}
