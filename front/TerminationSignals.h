#pragma once

#include <QObject>

class QSocketNotifier;

namespace cc {

// Turns SIGINT/SIGTERM into a Qt signal (self-pipe), so a headless checker under systemd stops
// cleanly: current run stopped, store flushed.
class TerminationSignals : public QObject
{
    Q_OBJECT
public:
    explicit TerminationSignals(QObject *parent = nullptr);
    ~TerminationSignals() override;

signals:
    void terminationRequested(int signal);

private:
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace cc
