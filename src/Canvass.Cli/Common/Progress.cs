using Spectre.Console;

namespace Canvass.Cli.Common;

/// <summary>Runs long work under a Spectre.Console progress bar when a person is watching, silently otherwise.</summary>
internal static class Progress
{
    /// <summary>Runs <paramref name="work"/>, which reports (done, total) through the callback it is given.</summary>
    public static async Task<T> RunAsync<T>(Output output, string description, Func<Action<long, long>, Task<T>> work)
    {
        if (!output.Interactive)
        {
            return await work(static (_, _) => { });
        }

        T result = default!;
        await AnsiConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask(Markup.Escape(description), maxValue: 1);
                result = await work((done, total) =>
                {
                    task.MaxValue = Math.Max(1, total);
                    task.Value = Math.Min(done, total);
                });
                task.Value = task.MaxValue;
            });
        return result;
    }

    /// <summary>Runs several steps under one bar per step.</summary>
    public static async Task RunStepsAsync(Output output, IReadOnlyList<(string Description, Func<Action<long, long>, Task> Work)> steps)
    {
        if (!output.Interactive)
        {
            foreach (var (_, work) in steps)
            {
                await work(static (_, _) => { });
            }

            return;
        }

        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async ctx =>
            {
                var tasks = steps.Select(s => ctx.AddTask(Markup.Escape(s.Description), autoStart: false, maxValue: 1)).ToList();
                for (var i = 0; i < steps.Count; i++)
                {
                    var task = tasks[i];
                    task.StartTask();
                    await steps[i].Work((done, total) =>
                    {
                        task.MaxValue = Math.Max(1, total);
                        task.Value = Math.Min(done, total);
                    });
                    task.Value = task.MaxValue;
                    task.StopTask();
                }
            });
    }
}
