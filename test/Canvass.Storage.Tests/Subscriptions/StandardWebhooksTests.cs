using Canvass.Storage.Subscriptions;

namespace Canvass.Storage.Tests.Subscriptions;

public sealed class StandardWebhooksTests
{
    // The reference vector published with the Standard Webhooks specification and its libraries' tests.
    private const string VectorSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string VectorId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const long VectorTimestamp = 1614265330;
    private const string VectorBody = "{\"test\": 2432232314}";
    private const string VectorSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private static readonly DateTimeOffset VectorTime = DateTimeOffset.FromUnixTimeSeconds(VectorTimestamp);

    [Fact]
    public void Sign_ReferenceVector_MatchesThePublishedSignature() =>
        Assert.Equal(VectorSignature, StandardWebhooks.Sign(VectorSecret, VectorId, VectorTimestamp, VectorBody));

    [Fact]
    public void Verify_ReferenceVector_AcceptsItAmongOtherSignatures()
    {
        Assert.True(StandardWebhooks.Verify(VectorSecret, VectorId, "1614265330", VectorSignature, VectorBody, VectorTime, StandardWebhooks.DefaultTolerance));
        Assert.True(StandardWebhooks.Verify(VectorSecret, VectorId, "1614265330", "v2,abc v1,AAAA " + VectorSignature, VectorBody, VectorTime.AddMinutes(4), StandardWebhooks.DefaultTolerance));
    }

    [Theory]
    [InlineData("msg_other", "1614265330", VectorBody, 0)]
    [InlineData(VectorId, "1614265331", VectorBody, 0)]
    [InlineData(VectorId, "1614265330", "{\"test\":2432232314}", 0)]
    [InlineData(VectorId, "1614265330", VectorBody, 6)]
    [InlineData(VectorId, "1614265330", VectorBody, -6)]
    [InlineData(VectorId, "not-a-time", VectorBody, 0)]
    public void Verify_AnythingChangedOrStale_Rejects(string id, string timestamp, string body, int minutesLater) =>
        Assert.False(StandardWebhooks.Verify(VectorSecret, id, timestamp, VectorSignature, body, VectorTime.AddMinutes(minutesLater), StandardWebhooks.DefaultTolerance));

    [Fact]
    public void NewSecret_IsWhsecWith32RandomBytes_AndSignsVerifiably()
    {
        var a = StandardWebhooks.NewSecret();
        var b = StandardWebhooks.NewSecret();

        Assert.StartsWith("whsec_", a, StringComparison.Ordinal);
        Assert.Equal(32, Convert.FromBase64String(a["whsec_".Length..]).Length);
        Assert.NotEqual(a, b);
        var signature = StandardWebhooks.Sign(a, "msg_1", VectorTimestamp, "{}");
        Assert.True(StandardWebhooks.Verify(a, "msg_1", "1614265330", signature, "{}", VectorTime, StandardWebhooks.DefaultTolerance));
        Assert.False(StandardWebhooks.Verify(b, "msg_1", "1614265330", signature, "{}", VectorTime, StandardWebhooks.DefaultTolerance));
    }

    [Theory]
    [InlineData("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")]
    [InlineData("whsec_")]
    [InlineData("whsec_not base64!")]
    [InlineData("whsec_c2hvcnQ=")]
    public void Sign_NotAWhsecSecret_Throws(string secret)
    {
        Assert.False(StandardWebhooks.IsSecret(secret));
        Assert.Throws<FormatException>(() => StandardWebhooks.Sign(secret, "msg_1", 1, "{}"));
    }
}
