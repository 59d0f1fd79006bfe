using System.Diagnostics.CodeAnalysis;

namespace Canvass.Ledger;

/// <summary>The outcome of a parse or verification that yields a value: the value, or the <see cref="LedgerError"/> that explains the failure.</summary>
/// <typeparam name="T">The type of the value.</typeparam>
public readonly struct LedgerResult<T>
{
    private LedgerResult(T? value, LedgerError? error)
    {
        Value = value;
        Error = error;
    }

    /// <summary>Gets the value; <see langword="default"/> on failure.</summary>
    public T? Value { get; }

    /// <summary>Gets the reason for the failure, or <see langword="null"/> on success.</summary>
    public LedgerError? Error { get; }

    /// <summary>Gets a value indicating whether the operation succeeded.</summary>
    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

    /// <summary>Creates a successful result.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The result.</returns>
    public static LedgerResult<T> Success(T value) => new(value, null);

    /// <summary>Creates a failed result.</summary>
    /// <param name="code">One of the <see cref="LedgerErrorCodes"/>.</param>
    /// <param name="message">Explanation for people.</param>
    /// <returns>The failure.</returns>
    public static LedgerResult<T> Failure(string code, string message) => new(default, new LedgerError(code, message));

    /// <summary>Creates a failed result from an existing error.</summary>
    /// <param name="error">The error.</param>
    /// <returns>The failure.</returns>
    public static LedgerResult<T> Failure(LedgerError error) => new(default, error);

    /// <summary>Returns the value or throws when the operation failed.</summary>
    /// <returns>The value.</returns>
    /// <exception cref="InvalidOperationException">The operation failed.</exception>
    public T GetValueOrThrow() => IsSuccess ? Value : throw new InvalidOperationException($"{Error.Code}: {Error.Message}");

    /// <inheritdoc/>
    public override string ToString() => IsSuccess ? $"success: {Value}" : $"{Error.Code}: {Error.Message}";
}
