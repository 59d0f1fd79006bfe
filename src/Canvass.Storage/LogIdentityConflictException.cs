namespace Canvass.Storage;

/// <summary><see cref="ICanvassStore.InitializeLogAsync"/> found the store's log already started under another identity
/// (another origin or key, e.g. a second <c>canvass init</c> that committed first). Nothing was written.</summary>
public sealed class LogIdentityConflictException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public LogIdentityConflictException()
    {
    }

    /// <summary>Creates the exception with its message.</summary>
    public LogIdentityConflictException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its message and cause.</summary>
    public LogIdentityConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
