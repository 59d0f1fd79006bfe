namespace Canvass.Ledger;

/// <summary>Why a parse or a verification failed: a stable <see cref="Code"/> (see <see cref="LedgerErrorCodes"/>) and a human-readable message.</summary>
/// <param name="Code">One of the <see cref="LedgerErrorCodes"/> constants.</param>
/// <param name="Message">An explanation for people; never parse it.</param>
public sealed record LedgerError(string Code, string Message);
