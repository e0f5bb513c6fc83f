var app = DryApi.Simulator.SimulatorApp.Build(args);
app.Run();
