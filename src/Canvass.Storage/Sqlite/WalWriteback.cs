using Microsoft.Win32.SafeHandles;

namespace Canvass.Storage.Sqlite;

/// <summary>Has the disk write a large import's write-ahead log while the import runs, so that its commit does not wait
/// for all of it at once.</summary>
/// <remarks>
/// <para>The kernel writes dirty pages back only past a share of memory or after half a minute, so the 400 MB WAL of a
/// 10 M-ballot import reached the disk only through the fsync that SQLite's checkpoint issues at the commit: 0.4 s in
/// which neither core had anything to do. After every <see cref="EveryBytes"/> the import writes, this flushes the WAL on a
/// pool thread (<see cref="RandomAccess.FlushToDisk"/>, fdatasync on Linux), one flush at a time; the flush waits on the
/// disk, not on a core, and the commit's fsync finds little left to write. (A dozen flushes in 10 M ballots wake the pool
/// too seldom to matter, unlike a hand-over of every batch.)</para>
/// <para>It changes nothing SQLite relies on: the bytes are the same, SQLite still syncs them itself, and a flush that
/// fails only leaves that to SQLite. It flushes through a read-only handle of its own on the WAL file, on which SQLite
/// takes no locks, so closing it releases none of SQLite's POSIX locks. (The database file is not flushed the same way
/// for that reason: closing a second handle on it would drop the locks every connection of the process holds there.)</para>
/// <para>Not thread-safe: the import's one writer calls it.</para>
/// </remarks>
internal sealed class WalWriteback(string databasePath, long everyBytes = WalWriteback.EveryBytes) : IDisposable
{
    /// <summary>How many bytes the import writes between two flushes of the WAL, by default.</summary>
    public const long EveryBytes = 32L << 20;

    private long _sinceFlush;
    private Task? _flushing;

    // Opened by the first flush, used by one flush at a time, closed once the last has finished.
    private SafeFileHandle? _wal;
    private int _flushes;

    /// <summary>Gets whether the import wrote enough to start flushing; a smaller import is left to SQLite alone.</summary>
    public bool Started => _flushing is not null;

    /// <summary>Gets how many flushes of the WAL finished.</summary>
    public int Flushes => Volatile.Read(ref _flushes);

    /// <summary>Counts <paramref name="bytes"/> written to the store, and starts a flush of the WAL once the threshold
    /// given is passed and the previous flush has finished.</summary>
    public void Written(long bytes)
    {
        _sinceFlush += bytes;
        if (_sinceFlush < everyBytes || _flushing is { IsCompleted: false })
        {
            return;
        }

        _sinceFlush = 0;
        _flushing = Task.Run(Flush);
    }

    /// <summary>Waits for the flush running, if any, and closes the handle.</summary>
    public void Dispose()
    {
        _flushing?.GetAwaiter().GetResult();
        _wal?.Dispose();
    }

    private void Flush()
    {
        try
        {
            _wal ??= File.OpenHandle(databasePath + "-wal", FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            RandomAccess.FlushToDisk(_wal);
            Interlocked.Increment(ref _flushes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // No WAL (yet), or a file system that cannot flush it: SQLite's own sync does it all.
        }
    }
}
