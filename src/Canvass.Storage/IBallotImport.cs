using Canvass.Domain.Events;

namespace Canvass.Storage;

/// <summary>An all-or-nothing bulk import of ballots, open inside one database transaction.</summary>
/// <remarks>
/// Add every ballot, ask for duplicates, then either <see cref="CommitAsync"/> (ballots, events and the import record
/// become visible together) or dispose without committing, which rolls everything back: nothing is stored.
/// Memory does not grow with the number of ballots: rows go to the database as they are added.
/// </remarks>
public interface IBallotImport : IAsyncDisposable
{
    /// <summary>Adds one ballot; <paramref name="line"/> is where it is in the source file, for problem reports.</summary>
    void Add(in BallotFields ballot, long line);

    /// <summary>Adds one stored ballot (<see cref="Add(in BallotFields, long)"/>).</summary>
    void Add(StoredBallot ballot, long line) => Add(new BallotFields(ballot), line);

    /// <summary>Ballot ids repeated within this import or already in the store, in line order. At most
    /// <paramref name="limit"/> are returned.</summary>
    Task<IReadOnlyList<DuplicateBallot>> FindDuplicatesAsync(int limit, CancellationToken cancellationToken = default);

    /// <summary>Makes the ballots visible, appends <paramref name="events"/> to the stream and records the import, in one
    /// transaction. Returns the stream's new version.</summary>
    /// <exception cref="StreamVersionConflictException">The stream is not at <paramref name="expectedVersion"/>.</exception>
    Task<long> CommitAsync(string streamId, long expectedVersion, IReadOnlyList<IEvent> events, ImportRecord import, CancellationToken cancellationToken = default);
}
