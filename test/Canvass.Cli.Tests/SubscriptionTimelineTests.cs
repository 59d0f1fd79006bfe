using System.Text.Json;
using Canvass.TestKit;

namespace Canvass.Cli.Tests;

/// <summary>The 2020 replay delivered as webhooks: subscribers to <c>custom</c> and <c>media-call</c> for the national
/// contest are told of the flips on the days the issue names, signed, in log order.</summary>
public sealed class SubscriptionTimelineTests : IDisposable
{
    private readonly Canvass _canvass = new();
    private readonly WebhookReceiver _receiver = new();

    public SubscriptionTimelineTests()
    {
        var demo = _canvass.Run("demo", "--cvr-states", "none");
        Assert.True(demo.ExitCode == 0, demo.ToString());
    }

    public void Dispose()
    {
        _receiver.Dispose();
        _canvass.Dispose();
    }

    [Fact]
    public void Notify_After2020Replay_CustomFlipsOnFourteenDecember_MediaCallOnSevenNovember()
    {
        var custom = Subscribe("custom");
        var mediaCall = Subscribe("media-call");

        var run = _canvass.Run("notify", "--allow-loopback", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.All(_receiver.Received, r => Assert.True(r.SignatureValid));
        var customFlips = FlipsFor(custom);
        var mediaFlips = FlipsFor(mediaCall);
        Assert.Equal((true, new DateTime(2020, 12, 14, 0, 0, 0, DateTimeKind.Utc)), (customFlips[0].Final, customFlips[0].At.UtcDateTime.Date));
        Assert.True(customFlips[^1].Final);
        Assert.Equal((true, new DateTimeOffset(2020, 11, 7, 11, 25, 0, TimeSpan.FromHours(-5))), (mediaFlips[0].Final, mediaFlips[0].At));
        Assert.True(mediaFlips[^1].Final);
        Assert.All([customFlips, mediaFlips], flips => Assert.Equal(flips.Select(f => f.Position).Order(), flips.Select(f => f.Position)));

        var again = _canvass.Run("notify", "--allow-loopback", "--json");
        Assert.Equal(0, again.ExitCode);
        Assert.Equal(customFlips.Count + mediaFlips.Count, _receiver.Received.Count);
    }

    private string Subscribe(string policy)
    {
        var run = _canvass.Run("subscribe", "--policy", policy, "--contest", "us-president-2020", "--url", _receiver.Url.ToString(),
            "--accept-terms", "--allow-loopback", "--json");
        Assert.True(run.ExitCode == 0, run.ToString());
        using var json = JsonDocument.Parse(run.Stdout);
        _receiver.Trust(json.RootElement.GetProperty("secret").GetString()!);
        return json.RootElement.GetProperty("id").GetString()!;
    }

    private List<(bool Final, DateTimeOffset At, long Position)> FlipsFor(string subscription)
    {
        var flips = new List<(bool, DateTimeOffset, long)>();
        foreach (var received in _receiver.Received)
        {
            using var body = JsonDocument.Parse(received.Body);
            var data = body.RootElement.GetProperty("data");
            if (data.GetProperty("subscription").GetString() == subscription)
            {
                flips.Add((data.GetProperty("final").GetBoolean(), data.GetProperty("at").GetDateTimeOffset(), data.GetProperty("position").GetInt64()));
            }
        }

        Assert.NotEmpty(flips);
        return flips;
    }
}
