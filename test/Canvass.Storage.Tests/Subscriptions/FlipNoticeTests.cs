using System.Text.Json;
using Canvass.Storage.Subscriptions;

namespace Canvass.Storage.Tests.Subscriptions;

public sealed class FlipNoticeTests
{
    private static readonly FlipNotice Flip = new("cc-ga-president", "media-call", true, new DateTimeOffset(2020, 11, 7, 11, 25, 0, TimeSpan.FromHours(-5)), 41, ["4 of 7 decision desks call cand-biden"]);

    [Fact]
    public void ToMessage_SameFlipAgain_SameIdAndBody_WhateverTheEnqueueTime()
    {
        var first = Flip.ToMessage("sub_a", DateTimeOffset.UnixEpoch);
        var again = (Flip with { Reasons = [.. Flip.Reasons] }).ToMessage("sub_a", DateTimeOffset.UnixEpoch.AddDays(3));

        Assert.Equal((first.Id, first.Body, first.Type), (again.Id, again.Body, again.Type));
        Assert.Matches("^msg_[0-9a-f]{32}$", first.Id);
    }

    [Fact]
    public void ToMessage_AnyOtherSubscriptionOrFlip_AnotherId()
    {
        var ids = new[]
        {
            Flip.ToMessage("sub_a", DateTimeOffset.UnixEpoch).Id,
            Flip.ToMessage("sub_b", DateTimeOffset.UnixEpoch).Id,
            (Flip with { Final = false }).ToMessage("sub_a", DateTimeOffset.UnixEpoch).Id,
            (Flip with { Position = 42 }).ToMessage("sub_a", DateTimeOffset.UnixEpoch).Id,
            (Flip with { Contest = "cc-az-president" }).ToMessage("sub_a", DateTimeOffset.UnixEpoch).Id,
            (Flip with { At = Flip.At.AddSeconds(1) }).ToMessage("sub_a", DateTimeOffset.UnixEpoch).Id,
        };

        Assert.Equal(ids.Length, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void ToMessage_Body_IsTheStandardWebhooksShapeInUtc()
    {
        var message = (Flip with { Final = false }).ToMessage("sub_a", DateTimeOffset.UnixEpoch);

        using var body = JsonDocument.Parse(message.Body);
        Assert.Equal(["type", "timestamp", "data"], body.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("finality.retracted", body.RootElement.GetProperty("type").GetString());
        Assert.Equal("2020-11-07T16:25:00+00:00", body.RootElement.GetProperty("timestamp").GetString());
        Assert.Equal(["subscription", "contest", "policy", "final", "at", "position", "reasons"],
            body.RootElement.GetProperty("data").EnumerateObject().Select(p => p.Name));
        Assert.Equal(("finality.retracted", "sub_a"), (message.Type, message.SubscriptionId));
    }
}
