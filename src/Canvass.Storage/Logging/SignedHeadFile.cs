using System.Text;

namespace Canvass.Storage.Logging;

/// <summary>The signer's memory: a file kept beside the log key, holding the last checkpoint that key signed. A store
/// checks it before it signs, so the key never signs a history that does not extend what it signed before.</summary>
/// <remarks>
/// <para>The store's own checks (<see cref="LogRows.RequireExtendsCheckpoint"/>) compare the stored log with the stored
/// checkpoints. They cannot see a store put back whole to an earlier copy (a backup, a snapshot, another database):
/// its events, hashes and checkpoints agree with each other. The next append would then sign a second history under the
/// same name, and only an observer who kept what it verified before (<c>canvass verify --state</c>) would notice. This
/// file is what the key's holder kept: a store whose log does not reach its size with its root is refused.</para>
/// <para>The file is written after the store's commit, so a failed commit leaves it at the checkpoint before (which the
/// store extends); a crash between the commit and the write leaves it one checkpoint behind, a weaker check and never a
/// false one. It is held open exclusively from the check to the write, after the store's write lock: two appends from
/// this machine take it in the order their transactions commit.</para>
/// </remarks>
public sealed class SignedHeadFile
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(60);

    /// <summary>Creates the memory at <paramref name="path"/>; nothing is read or written until a store signs.</summary>
    public SignedHeadFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = System.IO.Path.GetFullPath(path);
    }

    /// <summary>Gets the file's full path.</summary>
    public string Path { get; }

    /// <summary>The file beside a log key: <c>KEY.checkpoint</c>.</summary>
    public static string PathFor(string keyPath) => keyPath + ".checkpoint";

    /// <summary>Reads the last checkpoint recorded, without taking the file: null when there is none (no file, or an empty
    /// one).</summary>
    public string? Read()
    {
        try
        {
            var text = File.ReadAllText(Path, Encoding.UTF8);
            return text.Length == 0 ? null : text;
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Opens the file exclusively (creating it empty if missing), waiting while another append holds it.</summary>
    /// <exception cref="IOException">The file cannot be opened or created.</exception>
    internal Held Take(CancellationToken cancellationToken)
    {
        var started = Environment.TickCount64;
        while (true)
        {
            try
            {
                var stream = new FileStream(Path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                return new Held(this, stream);
            }
            catch (IOException e) when (IsSharingViolation(e)
                && Environment.TickCount64 - started < WaitLimit.TotalMilliseconds)
            {
                cancellationToken.WaitHandle.WaitOne(20);
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
    }

    /// <summary>Another handle holds the file: EWOULDBLOCK from <c>flock</c> on Unix, ERROR_SHARING_VIOLATION on Windows.</summary>
    private static bool IsSharingViolation(IOException e) => e.HResult is 11 or unchecked((int)0x80070020);

    /// <summary>The file, held from the check before signing to the write after the commit.</summary>
    internal sealed class Held : IDisposable
    {
        private readonly FileStream _stream;
        private string? _signed;

        internal Held(SignedHeadFile file, FileStream stream)
        {
            File = file;
            _stream = stream;
            using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, bufferSize: 1024, leaveOpen: true);
            var text = reader.ReadToEnd();
            Recorded = text.Length == 0 ? null : text;
        }

        /// <summary>Gets the memory this is.</summary>
        public SignedHeadFile File { get; }

        /// <summary>Gets the checkpoint the file held when it was taken, or null.</summary>
        public string? Recorded { get; }

        /// <summary>Notes the checkpoint just signed, to be written by <see cref="Write"/> once the store has committed it.</summary>
        public void Signed(string note) => _signed = note;

        /// <summary>Writes the checkpoint signed by this append, after the store's commit.</summary>
        public void Write()
        {
            if (_signed is null)
            {
                return;
            }

            var bytes = Encoding.UTF8.GetBytes(_signed);
            _stream.SetLength(0);
            _stream.Position = 0;
            _stream.Write(bytes);
            _stream.Flush(flushToDisk: true);
            _signed = null;
        }

        public void Dispose() => _stream.Dispose();
    }
}
