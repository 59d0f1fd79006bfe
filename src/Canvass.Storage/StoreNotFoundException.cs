namespace Canvass.Storage;

/// <summary>The database holds no Canvass store, and the command opening it only works on an existing one.</summary>
public sealed class StoreNotFoundException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StoreNotFoundException()
    {
    }

    /// <summary>Creates the exception with its message.</summary>
    public StoreNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its message and cause.</summary>
    public StoreNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
