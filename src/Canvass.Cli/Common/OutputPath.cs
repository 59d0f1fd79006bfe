using System.Globalization;
using System.Text;
using Canvass.Domain;

namespace Canvass.Cli.Common;

/// <summary>
/// A place the user named for a command to write to, checked before the command's work starts. A path that names a
/// folder where a file is wanted (or a file where a folder is), a folder that cannot be made, or a place where nothing
/// can be written is a mistake in the command line, so it is a problem (exit code 2) and not a failure of the system
/// after minutes of work. The check makes nothing: a missing parent folder is made by the command when it writes, as
/// <c>mkdir -p</c> would, so a refused command leaves no folder behind. Running out of disk later is still a failure
/// of the system.
/// </summary>
internal static class OutputPath
{
    // The longest name of one file or folder in the file systems Canvass runs on (NAME_MAX, in bytes).
    private const int NameMax = 255;

    /// <summary>Checks that <paramref name="path"/> can be written as a file (with the <c>.tmp</c> beside it that an
    /// atomic write uses); the problem, or null.</summary>
    public static Problem? File(string path, string option)
    {
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            return new Problem(ProblemCodes.BadValue, $"{option} names a folder; give the file to write.", full);
        }

        return Check(Path.GetDirectoryName(full)!, Path.GetFileName(full) + ".tmp", option, full);
    }

    /// <summary>Checks that <paramref name="path"/> is, or can be made, a folder that can be written in; the problem,
    /// or null.</summary>
    public static Problem? Folder(string path, string option)
    {
        var full = Path.GetFullPath(path);
        if (System.IO.File.Exists(full))
        {
            return new Problem(ProblemCodes.BadValue, $"{option} names a file; give the folder to write into.", full);
        }

        return Check(full, ".canvass-write-check", option, full);
    }

    // The nearest folder of the path that exists must be a folder this user can create a file in, and every name still
    // to be made one the file system takes. Where the folder exists, the probe is the file the command will write.
    private static Problem? Check(string folder, string name, string option, string full)
    {
        var toMake = new List<string>();
        var existing = folder;
        while (!Directory.Exists(existing))
        {
            if (System.IO.File.Exists(existing))
            {
                return new Problem(ProblemCodes.BadValue, $"{option}: {existing} is a file, so no folder can be made in it.", full);
            }

            toMake.Add(Path.GetFileName(existing));
            existing = Path.GetDirectoryName(existing)!;
        }

        if (toMake.Append(name).FirstOrDefault(n => Encoding.UTF8.GetByteCount(n) > NameMax) is { } tooLong)
        {
            return new Problem(ProblemCodes.BadValue,
                $"{option}: the name '{(tooLong.Length > 40 ? tooLong[..40] + "…" : tooLong)}' is longer than the file system allows ({NameMax.ToString(CultureInfo.InvariantCulture)} bytes).", full);
        }

        var probe = Path.Combine(existing, toMake.Count == 0 ? name : ".canvass-write-check");
        try
        {
            var existed = System.IO.File.Exists(probe);
            using (new FileStream(probe, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete))
            {
            }

            if (!existed)
            {
                System.IO.File.Delete(probe);
            }

            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new Problem(ProblemCodes.BadValue, $"{option}: nothing can be written here: {e.Message}", full);
        }
    }
}
