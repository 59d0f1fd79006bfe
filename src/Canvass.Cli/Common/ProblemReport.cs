using Canvass.Domain;

namespace Canvass.Cli.Common;

/// <summary>What <c>--json</c> prints when input was bad.</summary>
internal sealed record ProblemReport(bool Ok, string Message, IReadOnlyList<Problem> Problems);
