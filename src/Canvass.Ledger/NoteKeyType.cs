namespace Canvass.Ledger;

/// <summary>The signature types of C2SP signed-note keys that this library implements (the byte after the key name in the key ID preimage).</summary>
public static class NoteKeyType
{
    /// <summary>0x01: Ed25519 over the note text (RFC 8032 pure Ed25519); 64-byte signatures.</summary>
    public const byte Ed25519 = 0x01;

    /// <summary>0x04: timestamped Ed25519 cosignature of a checkpoint (C2SP tlog-cosignature v1); 8-byte big-endian timestamp then a 64-byte signature.</summary>
    public const byte Cosignature = 0x04;
}
