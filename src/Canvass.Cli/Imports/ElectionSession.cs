using Canvass.Domain.Elections;
using Canvass.Domain.Projections;
using Canvass.Storage;

namespace Canvass.Cli.Imports;

/// <summary>A store together with the election state folded from its stream.</summary>
internal sealed class ElectionSession
{
    private ElectionIndex? _index;

    private ElectionSession(ICanvassStore store, ElectionState state)
    {
        Store = store;
        State = state;
    }

    public ICanvassStore Store { get; }

    public ElectionState State { get; private set; }

    public ElectionDefinition? Definition => State.Definition;

    public ElectionIndex Index => _index ??= new ElectionIndex(State.Definition ?? throw new InvalidOperationException("No election."));

    public static async Task<ElectionSession> LoadAsync(ICanvassStore store, CancellationToken cancellationToken)
    {
        var state = ElectionState.Empty;
        await foreach (var e in store.ReadStreamAsync(Streams.Election, 1, cancellationToken))
        {
            state = ElectionState.Apply(state, e.Event);
        }

        return new ElectionSession(store, state);
    }

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var state = State;
        await foreach (var e in Store.ReadStreamAsync(Streams.Election, state.Version + 1, cancellationToken))
        {
            state = ElectionState.Apply(state, e.Event);
        }

        if (!ReferenceEquals(state.Definition, State.Definition))
        {
            _index = null;
        }

        State = state;
    }
}
