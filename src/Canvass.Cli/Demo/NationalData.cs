using nietras.SeparatedValues;

namespace Canvass.Cli.Demo;

/// <summary>The national part of the 2020 demo, embedded in the tool (see samples/us2020): statewide totals for every
/// state and DC, Maine's and Nebraska's district totals, and the electoral votes cast.</summary>
internal static class NationalData
{
    public const string StateResource = "Canvass.Cli.us2020-president-state.csv";
    public const string DistrictResource = "Canvass.Cli.us2020-president-district.csv";
    public const string ElectoralVotesResource = "Canvass.Cli.us2020-electoral-votes.csv";

    public static IReadOnlyList<StateRow> LoadStates()
    {
        using var reader = Sep.Reader().From(Open(StateResource));
        var rows = new List<StateRow>();
        foreach (var row in reader)
        {
            rows.Add(new StateRow(row["state_po"].ToString(), row["state"].ToString(), row["electoral_votes"].Parse<int>(),
                row["candidate"].ToString(), row["votes"].Parse<long>()));
        }

        return rows;
    }

    public static IReadOnlyList<DistrictRow> LoadDistricts()
    {
        using var reader = Sep.Reader().From(Open(DistrictResource));
        var rows = new List<DistrictRow>();
        foreach (var row in reader)
        {
            rows.Add(new DistrictRow(row["state_po"].ToString(), row["district"].ToString(), row["candidate"].ToString(), row["votes"].Parse<long>()));
        }

        return rows;
    }

    /// <summary>The published winner of each electoral unit: (state, unit) → MEDSL candidate name.</summary>
    public static IReadOnlyDictionary<(string State, string Unit), string> LoadPublishedWinners()
    {
        using var reader = Sep.Reader().From(Open(ElectoralVotesResource));
        var winners = new Dictionary<(string, string), string>();
        foreach (var row in reader)
        {
            winners[(row["state_po"].ToString(), row["unit"].ToString())] = row["winner"].ToString();
        }

        return winners;
    }

    public static Stream Open(string resource) =>
        typeof(NationalData).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The embedded resource {resource} is missing from this build.");
}

/// <summary>One row of us2020-president-state.csv.</summary>
internal sealed record StateRow(string StatePo, string State, int ElectoralVotes, string Candidate, long Votes);

/// <summary>One row of us2020-president-district.csv.</summary>
internal sealed record DistrictRow(string StatePo, string District, string Candidate, long Votes);
