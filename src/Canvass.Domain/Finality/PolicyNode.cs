namespace Canvass.Domain.Finality;

// The parsed form of a policy expression.
internal abstract record PolicyNode;

internal sealed record AndNode(PolicyNode Left, PolicyNode Right) : PolicyNode;

internal sealed record OrNode(PolicyNode Left, PolicyNode Right) : PolicyNode;

internal sealed record NotNode(PolicyNode Operand) : PolicyNode;

internal sealed record FactNode(string Name, string? Argument) : PolicyNode;

internal sealed record PolicyRefNode(string Name) : PolicyNode;
