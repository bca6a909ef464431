/** Strings of the projection's backtest page (#/projection/backtest; docs/projection.md#backtest). */
export default {
  es: {
    title: 'Contraste de la proyección con series reales',
    intro:
      'Desde cada mes a partir del 36.º de una serie mensual, el modelo se calibra solo con los datos hasta ese mes (el origen), proyecta unos meses y se compara con la cifra reportada entonces, y con dos referencias que cualquiera puede calcular: la persistencia (la cifra del origen, sin cambios) y la deriva (la cifra del origen más el cambio mensual medio desde el primer mes). Se calcula en el servidor; no se guarda nada.',
    back: 'Volver a la proyección',
    source: 'Serie',
    ownFile: 'Un archivo CSV propio…',
    file: 'Archivo CSV (month,population; opcionales admissions,releases,pretrial)',
    publisher: 'Publica',
    licence: 'Licencia',
    horizon: 'Horizonte (meses, 1 a {{max}})',
    runs: 'Corridas por origen (1 a {{max}})',
    run: 'Contrastar',
    running:
      'Contrastando: cada origen se calibra y se proyecta (corridas por origen: {{runs}}). Una serie larga puede tardar unos segundos.',
    done_one: 'Contraste terminado: un origen.',
    done_other: 'Contraste terminado: {{origins}} orígenes.',
    summary: {
      line: 'MAPE {{mape}} · persistencia {{persistence}} · deriva {{drift}} · dentro del 2 %: {{within}} de {{origins}} · cobertura del intervalo del 90 %: {{coverage}}',
      none: 'No hay ningún origen que evaluar: la serie necesita un mes reportado desde su mes 36 con otro reportado después.',
      setup_one:
        '{{name}}: un origen, {{first}}, proyectado {{horizon}} meses (corridas: {{runs}}; semilla {{seed}}).',
      setup_other:
        '{{name}}: {{origins}} orígenes, de {{first}} a {{last}}, cada uno proyectado {{horizon}} meses (corridas por origen: {{runs}}; semilla {{seed}}).',
      explain:
        'MAPE: el error porcentual absoluto medio de la mediana proyectada frente a la cifra reportada al final del horizonte. Dentro del 2 %: orígenes cuya mediana quedó a un 2 % o menos de la cifra. Cobertura: orígenes cuya cifra quedó dentro del intervalo del percentil 5 al 95.',
    },
    verdict: {
      beat: 'El modelo superó a la persistencia: su error medio fue un {{by}} menor ({{mape}} frente a {{persistence}}).',
      lost: 'El modelo no superó a la persistencia: su error medio fue un {{by}} mayor ({{mape}} frente a {{persistence}}). Repetir la última cifra habría acertado más en esta serie.',
      lostZero:
        'El modelo no superó a la persistencia, que no cometió ningún error en esta serie (su MAPE fue {{mape}}).',
      tie: 'El modelo empató con la persistencia: ambos tuvieron un error medio de {{mape}}.',
      driftBeat: 'Frente a la deriva ({{drift}}), su error fue un {{by}} menor.',
      driftLost: 'Frente a la deriva ({{drift}}), su error fue un {{by}} mayor.',
      driftTie: 'Frente a la deriva ({{drift}}), empató.',
    },
    chart: {
      title: 'Población reportada de {{name}} y la proyección desde cada origen',
      desc: 'Línea oscura: la población reportada de {{from}} a {{to}} (entre {{min}} y {{max}} personas). Líneas finas: la mediana proyectada {{horizon}} meses desde cada uno de los {{origins}} orígenes. Resaltado: el origen {{origin}}, su mediana y su banda del percentil 5 al 95 ({{p5}} a {{p95}} en {{target}}, cuando se reportaron {{observed}}). Las cifras de cada origen están en la tabla de abajo.',
      selected: 'Origen resaltado en el gráfico',
      axisMonth: 'Mes',
      axisPeople: 'Personas',
      legend: {
        observed: 'Población reportada',
        forecasts: 'Mediana proyectada desde cada origen',
        selected: 'Mediana del origen resaltado',
        band: 'Su banda del percentil 5 al 95',
      },
    },
    table: {
      caption:
        'Cada origen: la cifra reportada {{horizon}} meses después (o la última dentro de ese plazo), la proyección y las dos referencias. Pulse un origen para resaltarlo en el gráfico.',
      origin: 'Origen',
      target: 'Mes comparado',
      observed: 'Reportada',
      forecast: 'Mediana proyectada',
      interval: 'Intervalo del 90 %',
      error: 'Error',
      persistenceError: 'Error de la persistencia',
      driftError: 'Error de la deriva',
      covered: 'Dentro del intervalo',
      stay: 'Estancia (meses)',
      window: 'Ventana (meses)',
      trend: 'Tendencia',
      yes: 'sí',
      no: 'no',
      range: '{{p5}} a {{p95}}',
    },
  },
  en: {
    title: 'The projection against real series',
    intro:
      'From each month of a monthly series from the 36th on, the model is calibrated on the data up to that month only (the origin), forecasts a few months and is compared with the figure reported then, and with two baselines anyone can compute: persistence (the origin’s figure carried forward) and drift (the origin’s figure plus the average monthly change since the first month). It runs on the server; nothing is saved.',
    back: 'Back to the projection',
    source: 'Series',
    ownFile: 'A CSV file of my own…',
    file: 'CSV file (month,population; optionally admissions,releases,pretrial)',
    publisher: 'Publisher',
    licence: 'Licence',
    horizon: 'Horizon (months, 1 to {{max}})',
    runs: 'Runs per origin (1 to {{max}})',
    run: 'Run the backtest',
    running:
      'Backtesting: each origin is calibrated and forecast (runs per origin: {{runs}}). A long series can take a few seconds.',
    done_one: 'Backtest done: one origin.',
    done_other: 'Backtest done: {{origins}} origins.',
    summary: {
      line: 'MAPE {{mape}} · persistence {{persistence}} · drift {{drift}} · within 2 %: {{within}} of {{origins}} · 90 % interval coverage {{coverage}}',
      none: 'No origin to evaluate: the series needs a reported month from its 36th month on with a reported month after it.',
      setup_one:
        '{{name}}: one origin, {{first}}, forecast {{horizon}} months ahead (runs: {{runs}}; seed {{seed}}).',
      setup_other:
        '{{name}}: {{origins}} origins, from {{first}} to {{last}}, each forecast {{horizon}} months ahead (runs per origin: {{runs}}; seed {{seed}}).',
      explain:
        'MAPE: the mean absolute percentage error of the median forecast against the figure reported at the horizon. Within 2 %: origins whose median was 2 % or less from the figure. Coverage: origins whose figure fell inside the 5th to 95th percentile interval.',
    },
    verdict: {
      beat: 'The model beat persistence: its mean error was {{by}} smaller ({{mape}} against {{persistence}}).',
      lost: 'The model did not beat persistence: its mean error was {{by}} larger ({{mape}} against {{persistence}}). Carrying the last figure forward would have done better on this series.',
      lostZero:
        'The model did not beat persistence, which made no error on this series (its MAPE was {{mape}}).',
      tie: 'The model tied with persistence: both had a mean error of {{mape}}.',
      driftBeat: 'Against drift ({{drift}}), its error was {{by}} smaller.',
      driftLost: 'Against drift ({{drift}}), its error was {{by}} larger.',
      driftTie: 'Against drift ({{drift}}), it tied.',
    },
    chart: {
      title: 'Reported population of {{name}} and the forecast from each origin',
      desc: 'Dark line: the population reported from {{from}} to {{to}} (between {{min}} and {{max}} people). Thin lines: the median forecast {{horizon}} months ahead from each of the {{origins}} origins. Highlighted: the origin {{origin}}, its median and its 5th to 95th percentile band ({{p5}} to {{p95}} in {{target}}, when {{observed}} were reported). Each origin’s figures are in the table below.',
      selected: 'Origin highlighted in the chart',
      axisMonth: 'Month',
      axisPeople: 'People',
      legend: {
        observed: 'Reported population',
        forecasts: 'Median forecast from each origin',
        selected: 'Median of the highlighted origin',
        band: 'Its 5th to 95th percentile band',
      },
    },
    table: {
      caption:
        'Each origin: the figure reported {{horizon}} months later (or the last within them), the forecast and the two baselines. Press an origin to highlight it in the chart.',
      origin: 'Origin',
      target: 'Month compared',
      observed: 'Reported',
      forecast: 'Median forecast',
      interval: '90 % interval',
      error: 'Error',
      persistenceError: 'Persistence error',
      driftError: 'Drift error',
      covered: 'Inside the interval',
      stay: 'Stay (months)',
      window: 'Window (months)',
      trend: 'Trend',
      yes: 'yes',
      no: 'no',
      range: '{{p5}} to {{p95}}',
    },
  },
};
