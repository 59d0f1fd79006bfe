using Microsoft.Win32.SafeHandles;

namespace Canvass.Storage.Sqlite;

/// <summary>Has the disk write a large import's write-ahead log while the import runs, so that its commit does not wait
/// for all of it at once.</summary>
/// <remarks>
/// <para>The kernel writes dirty pages back only past a share of memory or after half a minute, so the 400 MB WAL of a
/// 10 M-ballot import reached the disk only through the fsync that SQLite's checkpoint issues at the commit: 0.4 s in
/// which neither core had anything to do. After every <see cref="EveryBytes"/> the import writes, this has a thread of its
/// own flush the WAL (<see cref="RandomAccess.FlushToDisk"/>, fdatasync on Linux); the thread waits on the disk, not on a
/// core, and the commit's fsync finds little left to write.</para>
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

    private readonly SemaphoreSlim _signal = new(0, 1);
    private long _sinceSignal;
    private Thread? _thread;
    private volatile bool _stopping;
    private int _flushes;

    /// <summary>Gets whether the import wrote enough to start the thread.</summary>
    public bool Started => _thread is not null;

    /// <summary>Gets how many flushes of the WAL finished.</summary>
    public int Flushes => Volatile.Read(ref _flushes);

    /// <summary>Counts <paramref name="bytes"/> written to the store, and asks for a flush of the WAL past
    /// the threshold given (once, if one is still running); the first such request starts the thread, so a smaller
    /// import is left to SQLite alone.</summary>
    public void Written(long bytes)
    {
        _sinceSignal += bytes;
        if (_sinceSignal < everyBytes || _stopping)
        {
            return;
        }

        _sinceSignal = 0;
        if (_thread is null)
        {
            _thread = new Thread(Run) { IsBackground = true, Name = "Canvass WAL writeback" };
            _thread.Start();
        }

        Signal();
    }

    /// <summary>Stops the thread, after the flush it is running, if any.</summary>
    public void Dispose()
    {
        _stopping = true;
        if (_thread is not null)
        {
            Signal();
            _thread.Join();
        }

        _signal.Dispose();
    }

    private void Signal()
    {
        if (_signal.CurrentCount > 0)
        {
            return;
        }

        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Signalled already: the thread flushes once for both.
        }
    }

    private void Run()
    {
        SafeFileHandle? wal = null;
        try
        {
            while (true)
            {
                _signal.Wait();
                if (_stopping)
                {
                    return;
                }

                try
                {
                    wal ??= File.OpenHandle(databasePath + "-wal", FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                    RandomAccess.FlushToDisk(wal);
                    Interlocked.Increment(ref _flushes);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // No WAL (yet), or a file system that cannot flush it: SQLite's own sync does it all.
                }
            }
        }
        finally
        {
            wal?.Dispose();
        }
    }
}
