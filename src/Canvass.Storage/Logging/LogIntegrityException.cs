namespace Canvass.Storage.Logging;

/// <summary>The stored log does not extend what its key signed before, so nothing more is signed: the events, hashes
/// or checkpoints were changed outside Canvass.</summary>
public sealed class LogIntegrityException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public LogIntegrityException()
    {
    }

    /// <summary>Creates the exception with its message.</summary>
    public LogIntegrityException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its message and cause.</summary>
    public LogIntegrityException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
