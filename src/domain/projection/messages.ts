/**
 * The words of population series and their backtest (es and en): src/domain/projection/series.ts and
 * backtest.ts, docs/projection.md#backtest.
 */
export const projectionMessages: Record<string, { es: string; en: string }> = {
  'series-empty': {
    es: 'La serie no tiene filas: se espera la cabecera month,population y una fila por mes.',
    en: 'The series has no rows: expected the header month,population and one row a month.',
  },
  'series-too-long': {
    es: 'La serie tiene {rows} filas; el máximo es {limit} (cien años de meses).',
    en: 'The series has {rows} rows; the most is {limit} (a hundred years of months).',
  },
  'series-too-large': {
    es: 'El archivo de la serie supera los {limit} caracteres.',
    en: 'The series file is over {limit} characters.',
  },
  'series-column-missing': {
    es: 'Falta la columna {column} (columnas leídas: {columns}).',
    en: 'The column {column} is missing (columns read: {columns}).',
  },
  'series-column-unknown': {
    es: 'La columna {column} no se conoce; las columnas son: {expected}.',
    en: 'The column {column} is not known; the columns are: {expected}.',
  },
  'series-fields': {
    es: 'Línea {line}: la fila no tiene {columns} campos como la cabecera.',
    en: 'Line {line}: the row does not have {columns} fields like the header.',
  },
  'series-month': {
    es: 'Línea {line}: «{value}» no es un mes AAAA-MM.',
    en: 'Line {line}: "{value}" is not a month YYYY-MM.',
  },
  'series-order': {
    es: 'Línea {line}: el mes {month} no es posterior al anterior ({previous}); los meses van en orden creciente, sin repetirse.',
    en: 'Line {line}: the month {month} is not after the one before ({previous}); months go in increasing order, once each.',
  },
  'series-missing': {
    es: 'Línea {line}: falta {column}; un mes sin cifra se omite en vez de dejarlo vacío.',
    en: 'Line {line}: {column} is missing; leave out a month without a figure rather than leave it empty.',
  },
  'series-count': {
    es: 'Línea {line}: {column} «{value}» debe ser un número entero de 0 a {limit}.',
    en: 'Line {line}: {column} "{value}" must be a whole number from 0 to {limit}.',
  },
  'series-pretrial': {
    es: 'Línea {line}: {pretrial} personas en prisión preventiva es más que la población ({population}).',
    en: 'Line {line}: {pretrial} people in pretrial detention is more than the population ({population}).',
  },
  'series-releases': {
    es: 'Línea {line}: {releases} egresos son más que las personas que pudieron salir ese mes ({available}: las del mes anterior más los ingresos).',
    en: 'Line {line}: {releases} releases are more than the people who could leave that month ({available}: those of the month before plus the admissions).',
  },
  'series-population': {
    es: 'Línea {line}: una población de {population} supera el máximo de {limit} que se proyecta.',
    en: 'Line {line}: a population of {population} is over the most that is projected, {limit}.',
  },
  'series-too-short': {
    es: 'La serie no tiene ningún mes desde su mes {first} con una cifra {horizon} meses después (o antes, dentro de ese plazo, si la serie sigue): no hay nada que contrastar. Abarca {months} meses.',
    en: 'The series has no month from its month {first} on with a figure {horizon} months later (or earlier within them, when the series goes on): there is nothing to test. It spans {months} months.',
  },
  'backtest-work': {
    es: 'El contraste tardaría demasiado para una sola solicitud ({work} unidades de trabajo; el máximo es {limit}). Pida menos corridas, un horizonte más corto o una serie más corta.',
    en: 'The backtest would take too long for one request ({work} units of work; the most is {limit}). Ask for fewer runs, a shorter horizon or a shorter series.',
  },
  'series-zero': {
    es: 'Línea {line}: una población de 0 no se puede contrastar (los errores son porcentajes de la cifra).',
    en: 'Line {line}: a population of 0 cannot be tested against (errors are percentages of the figure).',
  },
  'cli.series-unreadable': {
    es: 'No se puede leer la serie {file}: {reason}',
    en: 'Cannot read the series {file}: {reason}',
  },
  'cli.series-refused': {
    es: 'La serie {file} no se puede contrastar:',
    en: 'The series {file} cannot be backtested:',
  },
  'backtest-input': {
    es: 'Indique series (el id de una serie que trae Custodia) o csv (el texto de un archivo), no ambos.',
    en: 'Give either series (the id of a series Custodia ships) or csv (the text of a file), not both.',
  },
  'unknown-series': {
    es: 'No hay una serie «{id}» entre las que trae Custodia ({known}).',
    en: 'There is no series "{id}" among those Custodia ships ({known}).',
  },
};
