using Canvass.Domain.Elections;

namespace Canvass.Formats.Cvr;

/// <summary>Chooses a CVR reader for a file.</summary>
public static class CvrReaders
{
    /// <summary>Chooses by extension, case-insensitively: <c>.csv</c> → <see cref="CanvassCsvCvrReader"/>, <c>.json</c> →
    /// <see cref="NistCvrJsonReader"/>, <c>.xml</c> → <see cref="NistCvrXmlReader"/>. Returns null for any other
    /// extension (the caller reports it).</summary>
    /// <param name="path">The file path; only its extension is used.</param>
    /// <param name="nistVoteMethod">The vote method given to every ballot of a NIST file, which has no such field.</param>
    /// <value>Defaults to <see cref="CountItemType.Other"/>.</value>
    public static ICvrReader? ForFile(string path, CountItemType nistVoteMethod = CountItemType.Other)
    {
        var ext = Path.GetExtension(path);
        if (string.Equals(ext, ".csv", StringComparison.OrdinalIgnoreCase))
        {
            return new CanvassCsvCvrReader();
        }

        if (string.Equals(ext, ".json", StringComparison.OrdinalIgnoreCase))
        {
            return new NistCvrJsonReader(nistVoteMethod);
        }

        if (string.Equals(ext, ".xml", StringComparison.OrdinalIgnoreCase))
        {
            return new NistCvrXmlReader(nistVoteMethod);
        }

        return null;
    }
}
