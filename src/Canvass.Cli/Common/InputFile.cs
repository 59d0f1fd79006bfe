using Canvass.Domain;

namespace Canvass.Cli.Common;

/// <summary>Whether a file given to read (an election, CVRs, results, a manifest) can be read at all, checked before
/// anything is stored: a problem a user can mend (<c>unreadable</c>, exit 2), not an exception.</summary>
internal static class InputFile
{
    /// <summary>The problem with <paramref name="path"/>, or null when it is a file this process can open for reading.</summary>
    /// <param name="path">The file's full path.</param>
    /// <returns>An <c>unreadable</c> problem naming the file, or null.</returns>
    public static Problem? Check(string path)
    {
        if (Directory.Exists(path))
        {
            return new Problem(ProblemCodes.Unreadable, "This is a folder, not a file.", path);
        }

        if (!File.Exists(path))
        {
            return new Problem(ProblemCodes.Unreadable, "No such file.", path);
        }

        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            return null;
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return new Problem(ProblemCodes.Unreadable, "The file cannot be opened for reading: " + e.Message, path);
        }
    }
}
