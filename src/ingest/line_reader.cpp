#include "line_reader.h"
