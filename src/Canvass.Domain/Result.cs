using System.Collections.Immutable;

namespace Canvass.Domain;

/// <summary>The outcome of validating untrusted input: a value, or every problem found.</summary>
/// <typeparam name="T">The validated value.</typeparam>
/// <remarks>Parsers collect all problems rather than stopping at the first, so an official fixes a file once.</remarks>
/// <threadsafety>Immutable.</threadsafety>
public readonly struct Result<T>
{
    private readonly T? _value;

    private Result(T? value, ImmutableArray<Problem> problems)
    {
        _value = value;
        Problems = problems.IsDefault ? [] : problems;
    }

    /// <summary>Every problem found; empty on success.</summary>
    public ImmutableArray<Problem> Problems { get; }

    /// <summary>True when there are no problems and <see cref="Value"/> may be read.</summary>
    public bool IsSuccess => Problems.IsDefaultOrEmpty;

    /// <summary>The value. Throws when the result holds problems.</summary>
    public T Value => IsSuccess ? _value! : throw new InvalidOperationException("The result has problems: " + Problems[0]);

    /// <summary>A successful result.</summary>
    public static Result<T> Success(T value) => new(value, []);

    /// <summary>A failed result. At least one problem is required.</summary>
    public static Result<T> Failure(IEnumerable<Problem> problems)
    {
        var list = problems.ToImmutableArray();
        if (list.IsEmpty)
        {
            throw new ArgumentException("A failure needs at least one problem.", nameof(problems));
        }

        return new Result<T>(default, list);
    }

    /// <summary>A failed result with one problem.</summary>
    public static Result<T> Failure(Problem problem) => new(default, [problem]);

    /// <summary>Gets the value when there are no problems.</summary>
    public bool TryGetValue(out T value)
    {
        value = _value!;
        return IsSuccess;
    }

    /// <inheritdoc />
    public override string ToString() => IsSuccess ? $"Success({_value})" : $"Failure({Problems.Length} problems)";
}
