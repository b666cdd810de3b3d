#include "DesktopApp.h"

#include <QApplication>

namespace cc {

int DesktopApp::run(const CommandLineRequest &request, const AppConfig &config,
                    const QList<ConfigError> &problems)
{
    Q_UNUSED(request);
    Q_UNUSED(config);
    Q_UNUSED(problems);
    return QApplication::exec();
}

} // namespace cc
