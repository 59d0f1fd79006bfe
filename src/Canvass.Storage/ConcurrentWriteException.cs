namespace Canvass.Storage;

/// <summary>What a CVR import was about to commit no longer fits the store: another writer committed the same import, or
/// ballot ids it holds, while this one was writing (or the import was committed without its duplicate check). Read the
/// store again and decide again, as after a <see cref="StreamVersionConflictException"/>.</summary>
public sealed class ConcurrentWriteException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ConcurrentWriteException()
    {
    }

    /// <summary>Creates the exception with its message.</summary>
    public ConcurrentWriteException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its message and cause.</summary>
    public ConcurrentWriteException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
