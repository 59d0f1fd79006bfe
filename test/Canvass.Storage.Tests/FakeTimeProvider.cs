namespace Canvass.Storage.Tests;

/// <summary>A clock that stands still at a whole second, so stored timestamps compare exactly in every engine.</summary>
internal sealed class FakeTimeProvider(DateTimeOffset now) : TimeProvider
{
    public static readonly DateTimeOffset Start = new(2026, 11, 3, 20, 0, 0, TimeSpan.Zero);

    public FakeTimeProvider()
        : this(Start)
    {
    }

    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
