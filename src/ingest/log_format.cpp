#include "log_format.h"
