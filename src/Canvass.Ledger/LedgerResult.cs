using System.Diagnostics.CodeAnalysis;

namespace Canvass.Ledger;

/// <summary>The outcome of a verification with no value: success, or the <see cref="LedgerError"/> that explains the failure.</summary>
/// <remarks>Bad proofs and bad notes are expected input, so they are reported here instead of being thrown.</remarks>
public readonly struct LedgerResult
{
    private LedgerResult(LedgerError? error) => Error = error;

    /// <summary>Gets the success result.</summary>
    public static LedgerResult Success => default;

    /// <summary>Gets the reason for the failure, or <see langword="null"/> on success.</summary>
    public LedgerError? Error { get; }

    /// <summary>Gets a value indicating whether the verification succeeded.</summary>
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

    /// <summary>Creates a failed result.</summary>
    /// <param name="code">One of the <see cref="LedgerErrorCodes"/>.</param>
    /// <param name="message">Explanation for people.</param>
    /// <returns>The failure.</returns>
    public static LedgerResult Failure(string code, string message) => new(new LedgerError(code, message));

    /// <inheritdoc/>
    public override string ToString() => IsSuccess ? "success" : $"{Error.Code}: {Error.Message}";
}
